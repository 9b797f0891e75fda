/**
 * Salesforce Streaming API client core: the exception hierarchy shared by every package.
 */
@NullMarked
package io.sfstream.core;

import org.jspecify.annotations.NullMarked;
