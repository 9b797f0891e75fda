/**
 * Implementation of the streaming client: Bayeux session supervision, subscriptions,
 * replay extension, event parsing, buffering and commit batching. Not a public API: these
 * types may change without notice.
 */
@NullMarked
package io.sfstream.core.client.internal;

import org.jspecify.annotations.NullMarked;
