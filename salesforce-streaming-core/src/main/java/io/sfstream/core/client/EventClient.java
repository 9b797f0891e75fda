package io.sfstream.core.client;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import io.sfstream.core.replay.ReplayFrom;
import org.jspecify.annotations.Nullable;

/**
 * A client that receives Salesforce events over one transport: {@link StreamingClient}
 * over the CometD Streaming API, or a Pub/Sub API client. One client serves every channel
 * of an application; events arrive in order per channel, each with the replay id to
 * resume after, and positions are committed once the consumer has finished with an event
 * (at-least-once delivery). The methods behave, and throw, as {@link StreamingClient}'s
 * of the same name; see it for the details.
 *
 * <p>
 * Consume either with {@link #receive()} / iteration / {@link #stream()}, or with
 * listeners ({@link #addListener(EventListener)}), not both. Implementations are
 * thread-safe.
 */
public interface EventClient extends AutoCloseable, Iterable<StreamingEvent> {

    /**
     * Connects; returns when the client is connected. A closed client can be opened
     * again.
     * @throws io.sfstream.core.StreamingException when it cannot connect
     */
    void open();

    /**
     * Subscribes a channel from its committed position, else from the client's default
     * start; returns when the server accepted the subscription.
     * @param channel the channel
     */
    void subscribe(String channel);

    /**
     * Subscribes a channel from its committed position, else from the given start.
     * @param channel the channel
     * @param initial where to start without a committed position
     */
    void subscribe(String channel, ReplayFrom initial);

    /**
     * Unsubscribes a channel; its committed position is kept. Does nothing if it is not
     * subscribed.
     * @param channel the channel
     */
    void unsubscribe(String channel);

    /**
     * Returns the channels subscribed, or being re-subscribed.
     * @return the channels
     */
    Set<String> subscriptions();

    /**
     * Takes the next event, waiting for one; the event taken before it is committed
     * (automatic commits).
     * @return the event
     */
    StreamingEvent receive();

    /**
     * Takes the next event, waiting up to the timeout.
     * @param timeout how long to wait
     * @return the event, or {@code null} if none arrived in time
     */
    @Nullable StreamingEvent receive(Duration timeout);

    /**
     * Streams events as {@link #receive()} takes them; the stream ends when the client is
     * closed.
     * @return a sequential stream
     */
    Stream<StreamingEvent> stream();

    /**
     * Adds a listener, called for every event on a delivery thread of the client.
     * @param listener the listener
     */
    void addListener(EventListener listener);

    /**
     * Commits the position of an event the consumer has finished with.
     * @param event an event this client delivered
     */
    void commit(StreamingEvent event);

    /**
     * Returns how many events are buffered, received but not yet taken.
     * @return the pending count
     */
    int pendingCount();

    /**
     * Returns the connection's state.
     * @return the state
     */
    ConnectionState state();

    /**
     * Disconnects and flushes committed positions; the client may be opened again.
     * Idempotent.
     */
    @Override
    void close();

}
