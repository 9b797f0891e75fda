/**
 * The emulated org's Pub/Sub API: a gRPC server (in-process and on a loopback port) that
 * serves the events its Bayeux side publishes, Avro-encoded.
 */
@NullMarked
package io.sfstream.emulator.internal.pubsub;

import org.jspecify.annotations.NullMarked;
