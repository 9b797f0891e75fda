/**
 * A client of the Salesforce Pub/Sub API (gRPC) for platform events and Change Data
 * Capture: {@link io.sfstream.pubsub.PubSubClient}.
 */
@NullMarked
package io.sfstream.pubsub;

import org.jspecify.annotations.NullMarked;
