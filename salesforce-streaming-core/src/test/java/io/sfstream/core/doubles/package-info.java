/**
 * The client against a server that sends what Salesforce should not: malformed,
 * incomplete, oversize and unexpected messages.
 */
@NullMarked
package io.sfstream.core.doubles;

import org.jspecify.annotations.NullMarked;
