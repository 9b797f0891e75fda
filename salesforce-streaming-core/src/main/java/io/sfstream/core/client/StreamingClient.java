package io.sfstream.core.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.sfstream.core.ClientInvalidOperationException;
import io.sfstream.core.ConnectionClosedException;
import io.sfstream.core.ReplayException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.TransportException;
import io.sfstream.core.TransportTimeoutException;
import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.auth.LoginUrl;
import io.sfstream.core.auth.PasswordAuthenticator;
import io.sfstream.core.client.internal.ClientOptions;
import io.sfstream.core.client.internal.EventBuffer;
import io.sfstream.core.client.internal.SessionSupervisor;
import io.sfstream.core.client.internal.SubscriptionRegistry;
import io.sfstream.core.client.internal.SubscriptionRegistry.Subscription;
import io.sfstream.core.http.HttpSettings;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayKey;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.core.support.LifecycleNotifier;
import io.sfstream.core.support.ListenerDispatcher;
import io.sfstream.core.support.ReplayCommitter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Salesforce Streaming API client: one Bayeux session over CometD long-polling that
 * serves every channel of the application, following Salesforce's rules: re-authenticate
 * when the token is refused, re-handshake when the session is dropped, re-subscribe every
 * channel from its committed position after every re-handshake, back off on limits and
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
 * <p>
 * Consume either with {@link #receive()} / iteration / {@link #stream()}, or with
 * listeners ({@link #addListener(EventListener)}), not both. Delivery is at-least-once:
 * see {@link CommitMode}.
 *
 * <p>
 * Thread-safe.
 */
public final class StreamingClient implements EventClient {

    /** The Streaming API version used unless another is configured. */
    public static final String DEFAULT_API_VERSION = "64.0";

    /** The back-pressure bound used unless another is configured. */
    public static final int DEFAULT_MAX_PENDING_COUNT = 100;

    /** The connection timeout used unless another is configured. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    /** The request timeout used unless another is configured. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger logger = LoggerFactory.getLogger(StreamingClient.class);

    /**
     * Longest wait for the handshake of {@link #open()}: more than CometD's network delay
     * of 120 s.
     */
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(130);

    private static final long POLL_SLICE_MILLIS = 100;

    private final ClientOptions options;

    private final LifecycleNotifier lifecycle;

    private final EventBuffer buffer;

    private final ListenerDispatcher dispatcher;

    private final Object stateLock = new Object();

    /**
     * Held by {@link #close()} throughout, and by {@link #open()} while it starts: a
     * reopen waits for a close.
     */
    private final Object closeLock = new Object();

    private volatile @Nullable Running running;

    /** What {@link #open()} is starting, until it returns; guarded by the state lock. */
    private @Nullable Running opening;

    private volatile boolean closed;

    private final Object takeLock = new Object();

    private @Nullable StreamingEvent lastTaken;

    /** What exists while the client is open. */
    private record Running(SessionSupervisor session, SubscriptionRegistry registry, ReplayCommitter committer) {
    }

    private StreamingClient(ClientOptions options) {
        this.options = options;
        this.lifecycle = new LifecycleNotifier(options.lifecycleListeners());
        this.buffer = new EventBuffer(options.maxPendingCount());
        this.dispatcher = new ListenerDispatcher("sfstream-delivery", this.buffer::poll, this::listenersDone);
    }

    /**
     * Starts building a client.
     * @param authenticator how to obtain access tokens
     * @return a builder
     */
    public static Builder builder(Authenticator authenticator) {
        return new Builder(authenticator);
    }

    /**
     * Starts building a client for the common username-password case, like aiosfstream's
     * {@code SalesforceStreamingClient}. Prefer
     * {@link io.sfstream.core.auth.JwtBearerAuthenticator} or
     * {@link io.sfstream.core.auth.ClientCredentialsAuthenticator} in production.
     * @param loginUrl the token host: {@link LoginUrl#PRODUCTION},
     * {@link LoginUrl#SANDBOX} or a My Domain URL
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the connected app's consumer secret
     * @param username the Salesforce username
     * @param password the user's password
     * @param securityToken the user's security token, or {@code null} when the IP range
     * is trusted
     * @return a builder
     */
    public static Builder withPassword(LoginUrl loginUrl, String consumerKey, String consumerSecret, String username,
            String password, @Nullable String securityToken) {
        return builder(
                new PasswordAuthenticator(loginUrl, consumerKey, consumerSecret, username, password, securityToken));
    }

    /**
     * Authenticates, handshakes and connects. Returns when the session is connected. If
     * it fails, the client stays closed and {@code open()} may be called again. A client
     * can also be opened again after {@link #close()}: the new session has no
     * subscriptions until {@link #subscribe} is called, and resumes each channel from its
     * committed position.
     * @throws io.sfstream.core.AuthenticationException when the credentials are refused
     * @throws io.sfstream.core.TransportException when Salesforce cannot be reached
     * @throws io.sfstream.core.ServerException when the handshake is denied
     * @throws io.sfstream.core.ClientInvalidOperationException when the client is already
     * open
     * @throws io.sfstream.core.ConnectionClosedException when {@link #close()} was called
     * while opening
     */
    public void open() {
        Running starting;
        synchronized (this.closeLock) {
            starting = start();
        }
        // Not under the state lock: close() must be able to end an open() that waits for
        // Salesforce.
        RuntimeException failure = null;
        try {
            starting.session().open(OPEN_TIMEOUT);
        }
        catch (RuntimeException ex) {
            failure = ex;
        }
        synchronized (this.stateLock) {
            this.opening = null;
            if (failure == null && !this.closed) {
                this.running = starting;
                return;
            }
        }
        starting.session().close();
        starting.committer().close();
        if (this.closed) {
            throw new ConnectionClosedException("The client was closed while opening", failure);
        }
        throw failure;
    }

    private Running start() {
        synchronized (this.stateLock) {
            if (this.running != null || this.opening != null) {
                throw new ClientInvalidOperationException("The client is already open");
            }
            if (this.closed) {
                // Opened again after close(): a new session, with no subscription until
                // subscribe() is called.
                this.closed = false;
                this.buffer.reopen();
                this.dispatcher.resume();
            }
            ReplayCommitter committer = new ReplayCommitter(this.options.replayStore(), this.options.commitBatchCount(),
                    this.options.commitBatchDelay());
            SubscriptionRegistry registry = new SubscriptionRegistry(committer);
            SessionSupervisor session = new SessionSupervisor(this.options, registry, this.buffer, this.lifecycle);
            Running starting = new Running(session, registry, committer);
            this.opening = starting;
            return starting;
        }
    }

    /**
     * Subscribes a channel, starting from its committed position, else from the client's
     * default replay start. Returns when Salesforce accepted the subscription. The
     * channel stays subscribed across reconnections: it is re-subscribed after every
     * re-handshake from the latest position this client knows.
     * @param channel the channel, such as {@code /event/Order_Placed__e}; a PushTopic may
     * carry a filter query
     * @throws IllegalArgumentException if the channel name is not valid
     * @throws io.sfstream.core.ServerException when Salesforce refuses the subscription
     * (the channel is dropped)
     * @throws io.sfstream.core.ReplayException when the stored replay id expired and the
     * fallback is {@link ReplayFallback#FAIL}, or the replay store cannot be read
     * @throws io.sfstream.core.TransportTimeoutException when the connection has been
     * lost for longer than the connection timeout; the channel stays registered and is
     * subscribed when the connection is back
     * @throws io.sfstream.core.ClientInvalidOperationException when the client is not
     * open
     */
    public void subscribe(String channel) {
        subscribe(channel, this.options.defaultReplay());
    }

    /**
     * Subscribes a channel, starting from its committed position, else from the given
     * replay start. Same contract as {@link #subscribe(String)}.
     * @param channel the channel
     * @param initial where to start when the channel has no committed position
     */
    public void subscribe(String channel, ReplayFrom initial) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(initial, "initial");
        ChannelKind.of(channel);
        Running open = requireOpen();
        // Read the stored position here, on the caller's thread: a store that cannot be
        // read fails this call, and
        // the subscribe (sent on CometD's thread) finds the position in memory.
        try {
            open.committer().latest(ReplayKey.of(channel));
        }
        catch (RuntimeException ex) {
            throw new ReplayException(
                    "Reading the replay position of " + channel + " from the replay store failed: " + ex.getMessage(),
                    ex);
        }
        Subscription subscription = open.registry().add(channel, initial);
        open.session().subscribe(subscription);
        awaitSubscribed(open, subscription);
    }

    private void awaitSubscribed(Running open, Subscription subscription) {
        CompletableFuture<Void> outcome = subscription.firstOutcome();
        long deadline = System.nanoTime() + OPEN_TIMEOUT.toNanos();
        while (true) {
            try {
                outcome.get(POLL_SLICE_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            catch (ExecutionException ex) {
                if (ex.getCause() instanceof StreamingException streaming) {
                    throw streaming;
                }
                throw new StreamingException("Subscribing to " + subscription.channel() + " failed", ex.getCause());
            }
            catch (TimeoutException ex) {
                if (this.closed) {
                    throw new ClientInvalidOperationException(
                            "The client was closed while subscribing to " + subscription.channel());
                }
                if (isConnectionTimedOut(open) || System.nanoTime() > deadline) {
                    throw new TransportTimeoutException(
                            "The connection to Salesforce is lost; " + subscription.channel()
                                    + " stays registered and is subscribed when the connection is back");
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new TransportException("Interrupted while subscribing to " + subscription.channel(), ex);
            }
        }
    }

    /**
     * Unsubscribes a channel. Events of that channel still buffered are discarded; its
     * committed position is kept. Does nothing if the channel is not subscribed.
     * @param channel the channel
     */
    public void unsubscribe(String channel) {
        Running open = requireOpen();
        Subscription removed = open.registry().remove(channel);
        if (removed == null) {
            return;
        }
        String key = removed.replayKey();
        int discarded = this.buffer.discard(
                (event) -> ReplayKey.of(event.channel()).equals(key) && open.registry().find(event.channel()) == null);
        open.session().unsubscribe(removed);
        removed.firstOutcome().cancel(false);
        logger.info("Unsubscribed from {} ({} buffered event(s) discarded)", channel, discarded);
        this.lifecycle.unsubscribed(channel);
    }

    /**
     * Returns the channels currently subscribed, or being re-subscribed.
     * @return the channels
     */
    public Set<String> subscriptions() {
        Running open = this.running;
        return (open != null) ? open.registry().channels() : Set.of();
    }

    /**
     * Takes the next event, waiting as long as needed. In {@link CommitMode#AUTOMATIC}
     * the previously taken event's position is committed first.
     * @return the next event
     * @throws io.sfstream.core.TransportTimeoutException when the connection has been
     * lost for longer than the connection timeout (the client keeps reconnecting: call
     * again)
     * @throws io.sfstream.core.ClientInvalidOperationException when the client is closed
     * (or not open) and no event is pending, or when listeners consume the events
     */
    public StreamingEvent receive() {
        while (true) {
            StreamingEvent event = take(POLL_SLICE_MILLIS);
            if (event != null) {
                return event;
            }
            Running open = this.running;
            if (open != null && isConnectionTimedOut(open)) {
                throw new TransportTimeoutException("The connection to Salesforce has been lost for more than "
                        + this.options.connectionTimeout().toMillis() + " ms; the client keeps reconnecting");
            }
        }
    }

    /**
     * Takes the next event, waiting at most the given time. In
     * {@link CommitMode#AUTOMATIC} the previously taken event's position is committed
     * first.
     * @param timeout how long to wait
     * @return the next event, or {@code null} if none arrived in time
     * @throws io.sfstream.core.ClientInvalidOperationException when the client is closed
     * (or not open) and no event is pending, or when listeners consume the events
     */
    public @Nullable StreamingEvent receive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            StreamingEvent event = take(Math.max(0, Math.min(left, POLL_SLICE_MILLIS)));
            if (event != null || left <= 0) {
                return event;
            }
        }
    }

    private @Nullable StreamingEvent take(long waitMillis) {
        if (this.dispatcher.isActive()) {
            throw new ClientInvalidOperationException("Listeners consume the events of this client: receive() and "
                    + "iteration cannot be used with addListener()");
        }
        synchronized (this.takeLock) {
            commitLastTaken();
            if (this.running == null || this.buffer.isClosed()) {
                throw new ClientInvalidOperationException(
                        this.closed ? "The client is closed" : "The client is not open: call open() first");
            }
            try {
                StreamingEvent event = this.buffer.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (event == null && (this.running == null || this.buffer.isClosed())) {
                    throw new ClientInvalidOperationException("The client is closed");
                }
                this.lastTaken = event;
                return event;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new ClientInvalidOperationException("Interrupted while waiting for an event", ex);
            }
        }
    }

    private void commitLastTaken() {
        StreamingEvent taken = this.lastTaken;
        this.lastTaken = null;
        if (taken != null && this.options.commitMode() == CommitMode.AUTOMATIC) {
            commit(taken);
        }
    }

    private boolean isConnectionTimedOut(Running open) {
        Duration timeout = this.options.connectionTimeout();
        return !timeout.isZero() && open.session().downFor().compareTo(timeout) > 0;
    }

    /**
     * Iterates over events as {@link #receive()} takes them; iteration ends when the
     * client is closed. {@link #receive()}'s
     * {@link io.sfstream.core.TransportTimeoutException} is thrown by {@code hasNext()}.
     * @return an iterator
     */
    @Override
    public Iterator<StreamingEvent> iterator() {
        return new Iterator<>() {

            private @Nullable StreamingEvent next;

            @Override
            public boolean hasNext() {
                if (this.next == null) {
                    try {
                        this.next = receive();
                    }
                    catch (ClientInvalidOperationException ex) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public StreamingEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("The client is closed");
                }
                StreamingEvent event = Objects.requireNonNull(this.next);
                this.next = null;
                return event;
            }
        };
    }

    /**
     * Streams events as {@link #receive()} takes them; the stream ends when the client is
     * closed.
     * @return a sequential stream
     */
    public Stream<StreamingEvent> stream() {
        return StreamSupport
            .stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Adds a listener. From the first listener on, a delivery thread hands every event to
     * the listeners and {@link #receive()} may no longer be used.
     * @param listener the listener
     */
    public void addListener(EventListener listener) {
        Objects.requireNonNull(listener, "listener");
        this.dispatcher.add(listener);
    }

    private void listenersDone(StreamingEvent event) {
        if (this.options.commitMode() == CommitMode.AUTOMATIC) {
            commit(event);
        }
    }

    /**
     * Commits an event's position (in {@link CommitMode#MANUAL}; harmless in automatic
     * mode). Commits are batched before they reach a durable store, and flushed on close.
     * An event without a replay id, or older than the channel's committed position,
     * changes nothing.
     * @param event an event this client delivered
     */
    public void commit(StreamingEvent event) {
        ReplayId replayId = event.replayId();
        Running open = this.running;
        if (replayId == null || open == null) {
            return;
        }
        open.committer().commit(ReplayKey.of(event.channel()), new ReplayPosition(replayId, event.eventTime()));
    }

    /**
     * Returns how many events are buffered, received but not yet taken.
     * @return the pending count
     */
    public int pendingCount() {
        return this.buffer.size();
    }

    /**
     * Returns the session's state.
     * @return the state
     */
    public ConnectionState state() {
        Running open = this.running;
        if (open != null) {
            return open.session().state();
        }
        synchronized (this.stateLock) {
            Running starting = this.opening;
            return (starting != null) ? starting.session().state() : ConnectionState.CLOSED;
        }
    }

    /**
     * Disconnects and flushes committed positions to the replay store. The last event
     * taken with {@link #receive()} or the iterator is not committed (the consumer may
     * not have finished with it: call {@link #commit} first if it did), and events still
     * buffered are not committed: they are delivered again after the next start. Releases
     * every thread and the HTTP client. Idempotent. The replay store is not closed: it
     * belongs to the caller. The client may be {@linkplain #open() opened} again.
     */
    @Override
    public void close() {
        synchronized (this.closeLock) {
            closeSession();
        }
    }

    private void closeSession() {
        Running open;
        Running starting;
        synchronized (this.stateLock) {
            if (this.closed) {
                return;
            }
            this.closed = true;
            open = this.running;
            starting = this.opening;
        }
        if (starting != null) {
            // open() is waiting for Salesforce: this ends it, and it cleans up after
            // itself.
            starting.session().close();
        }
        if (open != null) {
            open.session().close();
        }
        this.dispatcher.stop(5_000);
        this.buffer.close();
        synchronized (this.takeLock) {
            this.lastTaken = null;
        }
        if (open != null) {
            // The last event taken is not committed: the consumer may not have finished
            // with it (an exception in the
            // loop body closes the client too). It is delivered again after the next
            // start.
            open.committer().close();
        }
        this.running = null;
    }

    private Running requireOpen() {
        Running open = this.running;
        if (open == null) {
            throw new ClientInvalidOperationException(
                    this.closed ? "The client is closed" : "The client is not open: call open() first");
        }
        return open;
    }

    @Override
    public String toString() {
        return "StreamingClient[state=" + state() + ", subscriptions=" + subscriptions() + "]";
    }

    /**
     * Builds a {@link StreamingClient}. Every setting has a sensible default except the
     * authenticator. Not thread-safe.
     */
    public static final class Builder {

        private final Authenticator authenticator;

        private String apiVersion = DEFAULT_API_VERSION;

        private ReplayStore replayStore = new InMemoryReplayStore();

        private ReplayFrom defaultReplay = ReplayFrom.NEW_EVENTS;

        private ReplayFallback replayFallback = ReplayFallback.ALL_EVENTS;

        private CommitMode commitMode = CommitMode.AUTOMATIC;

        private int commitBatchCount = 1000;

        private Duration commitBatchDelay = Duration.ofSeconds(1);

        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;

        private int maxPendingCount = DEFAULT_MAX_PENDING_COUNT;

        private Duration backOffInitial = Duration.ofSeconds(1);

        private Duration backOffMax = Duration.ofMinutes(5);

        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private final List<ClientLifecycleListener> lifecycleListeners = new ArrayList<>();

        private @Nullable HttpSettings http;

        private Builder(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        }

        /**
         * Sets the Streaming API version, 37.0 or later.
         * @param apiVersion such as {@code 64.0}
         * @return this builder
         * @throws IllegalArgumentException if the version is not a number of 37.0 or more
         */
        public Builder apiVersion(String apiVersion) {
            double version;
            try {
                version = Double.parseDouble(apiVersion);
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException("API version '" + apiVersion + "' is not a number such as 64.0", ex);
            }
            if (version < 37.0) {
                throw new IllegalArgumentException(
                        "API version " + apiVersion + " is too old: the Streaming API with replay needs 37.0 or later");
            }
            this.apiVersion = apiVersion;
            return this;
        }

        /**
         * Sets where committed positions are kept; default an
         * {@link io.sfstream.core.replay.InMemoryReplayStore}.
         * @param replayStore the store
         * @return this builder
         */
        public Builder replayStore(ReplayStore replayStore) {
            this.replayStore = Objects.requireNonNull(replayStore, "replayStore");
            return this;
        }

        /**
         * Sets where a channel with no committed position starts; default
         * {@link ReplayFrom#NEW_EVENTS}.
         * @param defaultReplay the start
         * @return this builder
         */
        public Builder defaultReplay(ReplayFrom defaultReplay) {
            this.defaultReplay = Objects.requireNonNull(defaultReplay, "defaultReplay");
            return this;
        }

        /**
         * Sets what to do when a stored replay id has expired; default
         * {@link ReplayFallback#ALL_EVENTS}.
         * @param replayFallback the policy
         * @return this builder
         */
        public Builder replayFallback(ReplayFallback replayFallback) {
            this.replayFallback = Objects.requireNonNull(replayFallback, "replayFallback");
            return this;
        }

        /**
         * Sets when positions are committed; default {@link CommitMode#AUTOMATIC}.
         * @param commitMode the mode
         * @return this builder
         */
        public Builder commitMode(CommitMode commitMode) {
            this.commitMode = Objects.requireNonNull(commitMode, "commitMode");
            return this;
        }

        /**
         * Sets how commits are batched before they reach the replay store: at most every
         * {@code maxCount} commits or {@code maxDelay}, whichever comes first; default
         * 1,000 commits or 1 second. A crash repeats at most that many events per
         * channel.
         * @param maxCount commits per batch
         * @param maxDelay longest time a commit waits before it is saved
         * @return this builder
         */
        public Builder commitBatching(int maxCount, Duration maxDelay) {
            if (maxCount < 1 || maxDelay.isNegative() || maxDelay.isZero()) {
                throw new IllegalArgumentException("commit batching needs maxCount >= 1 and a positive maxDelay");
            }
            this.commitBatchCount = maxCount;
            this.commitBatchDelay = maxDelay;
            return this;
        }

        /**
         * Sets how long {@link StreamingClient#receive()} waits for a lost connection to
         * come back before it throws a transport timeout; default 10 seconds. Zero
         * disables the timeout.
         * @param connectionTimeout the timeout
         * @return this builder
         */
        public Builder connectionTimeout(Duration connectionTimeout) {
            if (connectionTimeout.isNegative()) {
                throw new IllegalArgumentException("connectionTimeout must not be negative");
            }
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        /**
         * Sets how many received events may wait to be taken; when full, no new
         * {@code /meta/connect} is sent, so at most this many events plus those of the
         * one response in flight are held. Default 100.
         * @param maxPendingCount the bound, 1 or more
         * @return this builder
         */
        public Builder maxPendingCount(int maxPendingCount) {
            if (maxPendingCount < 1) {
                throw new IllegalArgumentException("maxPendingCount must be 1 or more, was " + maxPendingCount);
            }
            this.maxPendingCount = maxPendingCount;
            return this;
        }

        /**
         * Sets the reconnection back-off: exponential with jitter from {@code initial} up
         * to {@code max}; default 1 second up to 5 minutes. Org limits back off from 30
         * times {@code initial}, also up to {@code max}.
         * @param initial the first delay
         * @param max the cap
         * @return this builder
         */
        public Builder backOff(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("back-off needs 0 < initial <= max");
            }
            this.backOffInitial = initial;
            this.backOffMax = max;
            return this;
        }

        /**
         * Sets how long a request may go unanswered before the client abandons it and
         * reconnects, as connections that a NAT gateway, proxy or load balancer dropped
         * without a word never answer: a handshake, subscribe or unsubscribe waits this
         * long; the {@code /meta/connect} long poll waits for the hold Salesforce advises
         * (110 s) plus 10 seconds, or plus this timeout if shorter, so a dead long poll
         * goes unnoticed for about two minutes at most. Default 30 seconds.
         * @param requestTimeout the timeout, positive
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive");
            }
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Sets how Bayeux requests reach Salesforce: the HTTP proxy, the TLS context
         * (trust material for a private certificate authority, key material for mutual
         * TLS) and the connect timeout. Default {@link HttpSettings#systemDefault()}: the
         * JVM's proxy system properties ({@code https.proxyHost} and friends) and default
         * trust store, read when the client is built. Token requests are the
         * authenticator's: give it the same settings (each built-in authenticator has a
         * constructor that takes them).
         * @param http the settings
         * @return this builder
         */
        public Builder http(HttpSettings http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /**
         * Adds a listener of the session's lifecycle.
         * @param listener the listener
         * @return this builder
         */
        public Builder lifecycleListener(ClientLifecycleListener listener) {
            this.lifecycleListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the client; call {@link StreamingClient#open()} next.
         * @return the client
         */
        public StreamingClient build() {
            return new StreamingClient(new ClientOptions(this.authenticator, this.apiVersion, this.replayStore,
                    this.defaultReplay, this.replayFallback, this.commitMode, this.commitBatchCount,
                    this.commitBatchDelay, this.connectionTimeout, this.maxPendingCount, this.backOffInitial,
                    this.backOffMax, this.requestTimeout, this.lifecycleListeners,
                    (this.http != null) ? this.http : HttpSettings.systemDefault()));
        }

    }

}
