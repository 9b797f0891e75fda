package io.sfstream.spring.listener;

import java.time.Duration;

import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.client.StreamingEvent;
import org.jspecify.annotations.Nullable;

/**
 * What the listener side does with a shared {@link io.sfstream.core.client.EventClient}:
 * open and close it, change its subscriptions, take events and commit them.
 * {@link EventClientAdapter} is the real thing; the tests of the connector, router and
 * dispatcher use fakes. Each method behaves, and throws, as the {@link StreamingClient}
 * method of the same name.
 */
interface ListenerClient extends ChannelSubscriptions {

    /**
     * Opens the client.
     *
     * @see StreamingClient#open()
     */
    void open();

    /**
     * Closes the client; it may be opened again.
     *
     * @see StreamingClient#close()
     */
    void close();

    /**
     * Takes the next event.
     * @param timeout how long to wait for one
     * @return the event, or {@code null} if none came in time
     * @see StreamingClient#receive(Duration)
     */
    @Nullable StreamingEvent receive(Duration timeout);

    /**
     * Commits the position of an event.
     * @param event the event, handled
     * @see StreamingClient#commit(StreamingEvent)
     */
    void commit(StreamingEvent event);

}
