/**
 * The rules the build enforces on the starter and the repository: public API only, one
 * logger per class.
 */
@NullMarked
package io.sfstream.spring.rules;

import org.jspecify.annotations.NullMarked;
