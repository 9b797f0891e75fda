package io.sfstream.spring.autoconfigure;

import java.util.function.Supplier;

import io.sfstream.core.client.EventClient;

/**
 * The Pub/Sub API client that listeners run over, as the registry and the health
 * indicator see it without the Pub/Sub module's types: created on first use (only when a
 * listener receives over the Pub/Sub API), and the connection state its own lifecycle
 * fills.
 *
 * @param clients supplies the shared Pub/Sub API client
 * @param state the Pub/Sub client's connection state
 */
record PubSubListenerClients(Supplier<EventClient> clients, StreamingConnectionState state) {

}
