/**
 * Replay: where each channel resumes, and the stores that remember committed positions.
 */
@NullMarked
package io.sfstream.core.replay;

import org.jspecify.annotations.NullMarked;
