/**
 * Internal: the Jetty HTTP client built from {@link io.sfstream.core.http.HttpSettings},
 * and what its failures mean. Not public API.
 */
@NullMarked
package io.sfstream.core.http.internal;

import org.jspecify.annotations.NullMarked;
