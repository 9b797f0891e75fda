package io.sfstream.spring.autoconfigure;

import java.util.Objects;

/**
 * Where the Pub/Sub API client connects, when the
 * {@link SalesforceStreamingConnectionDetails} say so instead of
 * {@code salesforce.streaming.pubsub.host} and {@code port}.
 *
 * @param host the host
 * @param port the port
 * @param plaintext whether to speak HTTP/2 without TLS: only for a server on this machine
 * (an emulated org), never Salesforce's
 */
public record PubSubEndpoint(String host, int port, boolean plaintext) {

    /**
     * Checks the values.
     * @param host the host
     * @param port the port
     * @param plaintext whether without TLS
     */
    public PubSubEndpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Not a port: " + port);
        }
    }

}
