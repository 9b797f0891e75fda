package io.sfstream.core.client;

import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Stream;

import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayStore;

import org.jspecify.annotations.Nullable;

/**
 * A Salesforce Streaming API client: one Bayeux session over CometD long-polling that serves every channel of the
 * application, following Salesforce's rules: re-authenticate when the token is refused, re-handshake when the session
 * is dropped, re-subscribe every channel from its committed position after every re-handshake, back off on limits and
 * failures, apply the replay fallback on every subscribe.
 *
 * <pre>{@code
 * try (StreamingClient client = StreamingClient.builder(authenticator)
 *         .replayStore(new FileReplayStore(Path.of("replay.json")))
 *         .build()) {
 *     client.open();
 *     client.subscribe("/event/Order_Placed__e");
 *     for (StreamingEvent event : client) {
 *         System.out.println(event.payload());
 *     }
 * }
 * }</pre>
 *
 * <p>Consume either with {@link #receive()} / iteration / {@link #stream()}, or with listeners
 * ({@link #addListener(EventListener)}), not both. Delivery is at-least-once: see {@link CommitMode}.
 *
 * <p>Thread-safe.
 */
public final class StreamingClient implements AutoCloseable, Iterable<StreamingEvent> {

    /** The Streaming API version used unless another is configured. */
    public static final String DEFAULT_API_VERSION = "64.0";

    /** The back-pressure bound used unless another is configured. */
    public static final int DEFAULT_MAX_PENDING_COUNT = 100;

    /** The connection timeout used unless another is configured. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    private StreamingClient(Builder builder) {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Starts building a client.
     *
     * @param authenticator how to obtain access tokens
     * @return a builder
     */
    public static Builder builder(Authenticator authenticator) {
        return new Builder(authenticator);
    }

    /**
     * Authenticates, handshakes and connects. Returns when the session is connected.
     *
     * @throws io.sfstream.core.AuthenticationException when the credentials are refused
     * @throws io.sfstream.core.TransportException when Salesforce cannot be reached
     * @throws io.sfstream.core.ServerException when the handshake is denied
     * @throws io.sfstream.core.ClientInvalidOperationException when the client is already open
     */
    public void open() {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Subscribes a channel, starting from its committed position, else from the client's default replay start.
     *
     * @param channel the channel, such as {@code /event/Order_Placed__e}
     * @throws IllegalArgumentException if the channel name is not valid
     * @throws io.sfstream.core.ServerException when Salesforce refuses the subscription
     * @throws io.sfstream.core.ReplayException when the stored replay id expired and the fallback is
     * {@link ReplayFallback#FAIL}
     */
    public void subscribe(String channel) {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Subscribes a channel, starting from its committed position, else from the given replay start.
     *
     * @param channel the channel
     * @param initial where to start when the channel has no committed position
     */
    public void subscribe(String channel, ReplayFrom initial) {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Unsubscribes a channel. Events of that channel still buffered are discarded; its committed position is kept.
     *
     * @param channel the channel
     */
    public void unsubscribe(String channel) {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Returns the channels currently subscribed, or being re-subscribed.
     *
     * @return the channels
     */
    public Set<String> subscriptions() {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Takes the next event, waiting as long as needed. In {@link CommitMode#AUTOMATIC} the previously taken event's
     * position is committed first.
     *
     * @return the next event
     * @throws io.sfstream.core.TransportTimeoutException when the connection has been lost for longer than the
     * connection timeout (the client keeps reconnecting: call again)
     * @throws io.sfstream.core.ClientInvalidOperationException when the client is closed and no event is pending
     */
    public StreamingEvent receive() {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Takes the next event, waiting at most the given time.
     *
     * @param timeout how long to wait
     * @return the next event, or {@code null} if none arrived in time
     */
    public @Nullable StreamingEvent receive(Duration timeout) {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Iterates over events as {@link #receive()} takes them; iteration ends when the client is closed.
     *
     * @return an iterator
     */
    @Override
    public Iterator<StreamingEvent> iterator() {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Streams events as {@link #receive()} takes them; the stream ends when the client is closed.
     *
     * @return a sequential stream
     */
    public Stream<StreamingEvent> stream() {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Adds a listener. From the first listener on, a delivery thread hands every event to the listeners and
     * {@link #receive()} may no longer be used.
     *
     * @param listener the listener
     */
    public void addListener(EventListener listener) {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Commits an event's position (in {@link CommitMode#MANUAL}; harmless in automatic mode). Commits are batched
     * before they reach a durable store, and flushed on close.
     *
     * @param event an event this client delivered
     */
    public void commit(StreamingEvent event) {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Returns how many events are buffered, received but not yet taken.
     *
     * @return the pending count
     */
    public int pendingCount() {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Returns the session's state.
     *
     * @return the state
     */
    public ConnectionState state() {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Disconnects, commits the position of the last event taken (automatic mode) and flushes pending commits to the
     * replay store. Events still buffered are not committed: they are delivered again after the next start.
     */
    @Override
    public void close() {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Builds a {@link StreamingClient}. Every setting has a sensible default except the authenticator.
     */
    public static final class Builder {

        private Builder(Authenticator authenticator) {
        }

        /**
         * Sets the Streaming API version, 37.0 or later.
         *
         * @param apiVersion such as {@code 64.0}
         * @return this builder
         */
        public Builder apiVersion(String apiVersion) {
            throw new UnsupportedOperationException("to be implemented");
        }

        /**
         * Sets where committed positions are kept; default an {@link io.sfstream.core.replay.InMemoryReplayStore}.
         *
         * @param replayStore the store
         * @return this builder
         */
        public Builder replayStore(ReplayStore replayStore) {
            throw new UnsupportedOperationException("to be implemented");
        }

        /**
         * Sets where a channel with no committed position starts; default {@link ReplayFrom#NEW_EVENTS}.
         *
         * @param defaultReplay the start
         * @return this builder
         */
        public Builder defaultReplay(ReplayFrom defaultReplay) {
            throw new UnsupportedOperationException("to be implemented");
        }

        /**
         * Sets what to do when a stored replay id has expired; default {@link ReplayFallback#ALL_EVENTS}.
         *
         * @param replayFallback the policy
         * @return this builder
         */
        public Builder replayFallback(ReplayFallback replayFallback) {
            throw new UnsupportedOperationException("to be implemented");
        }

        /**
         * Sets when positions are committed; default {@link CommitMode#AUTOMATIC}.
         *
         * @param commitMode the mode
         * @return this builder
         */
        public Builder commitMode(CommitMode commitMode) {
            throw new UnsupportedOperationException("to be implemented");
        }

        /**
         * Sets how commits are batched before they reach the replay store: at most every {@code maxCount} commits or
         * {@code maxDelay}, whichever comes first; default 100 commits or 1 second.
         *
         * @param maxCount commits per batch
         * @param maxDelay longest time a commit waits before it is saved
         * @return this builder
         */
        public Builder commitBatching(int maxCount, Duration maxDelay) {
            throw new UnsupportedOperationException("to be implemented");
        }

        /**
         * Sets how long {@link StreamingClient#receive()} waits for a lost connection to come back before it throws
         * a transport timeout; default 10 seconds.
         *
         * @param connectionTimeout the timeout
         * @return this builder
         */
        public Builder connectionTimeout(Duration connectionTimeout) {
            throw new UnsupportedOperationException("to be implemented");
        }

        /**
         * Sets how many received events may wait to be taken; when full, no new {@code /meta/connect} is sent.
         * Default 100.
         *
         * @param maxPendingCount the bound, 1 or more
         * @return this builder
         */
        public Builder maxPendingCount(int maxPendingCount) {
            throw new UnsupportedOperationException("to be implemented");
        }

        /**
         * Sets the reconnection back-off: exponential with jitter from {@code initial} up to {@code max}; default
         * 1 second up to 5 minutes.
         *
         * @param initial the first delay
         * @param max the cap
         * @return this builder
         */
        public Builder backOff(Duration initial, Duration max) {
            throw new UnsupportedOperationException("to be implemented");
        }

        /**
         * Adds a listener of the session's lifecycle.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder lifecycleListener(ClientLifecycleListener listener) {
            throw new UnsupportedOperationException("to be implemented");
        }

        /**
         * Builds the client; call {@link StreamingClient#open()} next.
         *
         * @return the client
         */
        public StreamingClient build() {
            return new StreamingClient(this);
        }
    }
}
