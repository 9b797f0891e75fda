package io.sfstream.spring.autoconfigure;

import io.sfstream.core.client.ClientLifecycleListener;

/**
 * A {@link ClientLifecycleListener} bean that tells the clients of the transports apart:
 * it listens to the CometD client itself, and hands the Pub/Sub API client a listener of
 * its own.
 */
interface TransportLifecycleListener {

    /**
     * Returns the lifecycle listener of another transport's client.
     * @param transport the transport, such as {@code pubsub}
     * @return the listener
     */
    ClientLifecycleListener lifecycleOf(String transport);

}
