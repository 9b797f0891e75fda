/**
 * The Pub/Sub client's internals: streams, flow control, decoding. Not public API.
 */
@NullMarked
package io.sfstream.pubsub.internal;

import org.jspecify.annotations.NullMarked;
