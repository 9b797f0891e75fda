package io.sfstream.pubsub;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLContext;

import io.grpc.ManagedChannelBuilder;
import io.sfstream.core.ClientInvalidOperationException;
import io.sfstream.core.ConnectionClosedException;
import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.client.CommitMode;
import io.sfstream.core.client.ConnectionState;
import io.sfstream.core.client.EventClient;
import io.sfstream.core.client.EventListener;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.core.support.LifecycleNotifier;
import io.sfstream.core.support.ListenerDispatcher;
import io.sfstream.pubsub.internal.EventQueue;
import io.sfstream.pubsub.internal.PubSubConnection;
import io.sfstream.pubsub.internal.PubSubOptions;
import org.jspecify.annotations.Nullable;

/**
 * A Salesforce Pub/Sub API client (gRPC) for platform events and Change Data Capture,
 * with the same contract as the CometD {@link io.sfstream.core.client.StreamingClient}:
 * one client (one gRPC channel) serves every channel of an application, each channel has
 * its own {@code Subscribe} stream, events arrive in order per channel as
 * {@link PubSubEvent}s shaped like the CometD transport's, positions (opaque replay ids)
 * are committed once the consumer is done with an event, in the same
 * {@link ReplayStore}s.
 *
 * <pre>{@code
 * try (PubSubClient client = PubSubClient.builder(authenticator)
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
 * It follows the Pub/Sub API's rules (PUBSUB.md): the {@code accesstoken},
 * {@code instanceurl} and {@code tenantid} headers on every call; pull-based flow control
 * that never owes plus buffers more than {@code maxPendingCount} events per channel and
 * asks for the next batch while the consumer works on the last; the server's keepalives
 * stored as positions; a watchdog that resubscribes a stream gone silent; a new token on
 * {@code UNAUTHENTICATED}; the replay fallback once per rejected replay id; back-off on
 * failures and long back-off on limits; a topic that does not exist or is denied fails
 * alone. PushTopic ({@code /topic/...}) and generic ({@code /u/...}) channels are CometD
 * only.
 *
 * <p>
 * Threads: gRPC's threads only hand responses over; {@code sfstream-pubsub-intake}
 * decodes events and queues them, {@code sfstream-pubsub-scheduler} opens streams and
 * runs the watchdog, listeners run on {@code sfstream-pubsub-delivery} (or the caller's
 * thread with {@link #receive()}), positions are saved by
 * {@code sfstream-pubsub-replay-flusher}. Consume either with {@link #receive()} /
 * iteration / {@link #stream()}, or with listeners, not both. Thread-safe.
 */
public final class PubSubClient implements EventClient {

    /** Salesforce's Pub/Sub API host. */
    public static final String DEFAULT_HOST = "api.pubsub.salesforce.com";

    /** The port used unless another is configured (7443 also works). */
    public static final int DEFAULT_PORT = 443;

    /** The flow control bound used unless another is configured, and its maximum. */
    public static final int DEFAULT_MAX_PENDING_COUNT = 100;

    /**
     * How long a stream that is owed events may stay silent (no event, no keepalive)
     * before the watchdog resubscribes it, unless configured: a little over the 270 s
     * within which Salesforce documents its keepalives.
     */
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(300);

    /** The server's idle rule: a stream owing nothing is closed after this. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(130);

    private static final long POLL_SLICE_MILLIS = 100;

    private final PubSubOptions options;

    private final LifecycleNotifier lifecycle;

    private final EventQueue queue;

    private final ListenerDispatcher delivery;

    private final Object stateLock = new Object();

    private volatile @Nullable PubSubConnection running;

    private @Nullable PubSubConnection opening;

    private volatile boolean closed;

    private final Object takeLock = new Object();

    private @Nullable StreamingEvent lastTaken;

    private PubSubClient(PubSubOptions options) {
        this.options = options;
        this.lifecycle = new LifecycleNotifier(options.lifecycleListeners());
        this.queue = new EventQueue(this::taken);
        this.delivery = new ListenerDispatcher("sfstream-pubsub-delivery", this.queue::poll, this::listenersDone);
    }

    /**
     * Starts building a client.
     * @param authenticator how to obtain access tokens (any of the core's)
     * @return a builder
     */
    public static Builder builder(Authenticator authenticator) {
        return new Builder(authenticator);
    }

    /**
     * Authenticates (and finds the org id), and connects the gRPC channel. A client can
     * be opened again after {@link #close()}.
     * @throws io.sfstream.core.AuthenticationException when the credentials are refused
     * @throws io.sfstream.core.TransportException when the Pub/Sub API cannot be reached
     * within the connection timeout
     * @throws ClientInvalidOperationException when the client is already open
     * @throws ConnectionClosedException when {@link #close()} was called while opening
     */
    @Override
    public void open() {
        PubSubConnection starting;
        synchronized (this.stateLock) {
            if (this.running != null || this.opening != null) {
                throw new ClientInvalidOperationException("The client is already open");
            }
            if (this.closed) {
                this.closed = false;
                this.queue.reopen();
                this.delivery.resume();
            }
            starting = new PubSubConnection(this.options, this.lifecycle, this.queue);
            this.opening = starting;
        }
        RuntimeException failure = null;
        try {
            Duration timeout = this.options.connectionTimeout().isZero() ? OPEN_TIMEOUT
                    : this.options.connectionTimeout();
            starting.open(timeout);
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
        starting.close();
        if (this.closed) {
            throw new ConnectionClosedException("The client was closed while opening", failure);
        }
        throw Objects.requireNonNull(failure);
    }

    /**
     * Subscribes a channel from its committed position, else from the client's default
     * start; returns when the Pub/Sub API accepted the subscription (its first response,
     * or a few seconds of an open stream without error). The channel stays subscribed
     * across failures, resubscribed from the latest position this client knows.
     * @param channel {@code /event/Name__e}, {@code /event/Name__chn},
     * {@code /data/NameChangeEvent}, {@code /data/ChangeEvents} or
     * {@code /data/Name__chn}
     * @throws IllegalArgumentException if the name is not valid, or is a PushTopic or
     * generic channel (CometD only)
     * @throws io.sfstream.core.ServerException when the topic does not exist or is denied
     * @throws io.sfstream.core.ReplayException when the stored replay id was rejected and
     * the fallback is {@link ReplayFallback#FAIL}, or the store cannot be read
     * @throws io.sfstream.core.TransportTimeoutException when the service has not
     * answered for longer than the connection timeout; the channel stays registered
     * @throws ClientInvalidOperationException when the client is not open
     */
    @Override
    public void subscribe(String channel) {
        subscribe(channel, this.options.defaultReplay());
    }

    /**
     * Subscribes a channel from its committed position, else from the given start
     * ({@link ReplayFrom#NEW_EVENTS}: LATEST, {@link ReplayFrom#ALL_EVENTS}: EARLIEST).
     * Same contract as {@link #subscribe(String)}; a stored CometD (numeric) replay id is
     * not sent: the channel starts from this start, and a warning says so.
     * @param channel the channel
     * @param initial where to start without a committed position
     * @throws IllegalArgumentException also for a start after a numeric replay id
     */
    @Override
    public void subscribe(String channel, ReplayFrom initial) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(initial, "initial");
        ChannelKind kind = requirePubSubChannel(channel);
        PubSubConnection open = requireOpen();
        Object subscription = open.subscribe(channel, kind, initial);
        open.awaitSubscribed(subscription, this.options.connectionTimeout(), OPEN_TIMEOUT);
    }

    /**
     * Checks that a channel is served by the Pub/Sub API.
     * @param channel the channel
     * @return its kind
     * @throws IllegalArgumentException for invalid names and CometD-only channels
     */
    static ChannelKind requirePubSubChannel(String channel) {
        ChannelKind kind = ChannelKind.of(channel);
        if (kind == ChannelKind.PUSH_TOPIC || kind == ChannelKind.GENERIC || channel.indexOf('?') >= 0) {
            throw new IllegalArgumentException("'" + channel + "' is a CometD-only channel: the Pub/Sub API serves "
                    + "platform events (/event/...) and Change Data Capture (/data/...); PushTopic (/topic/...) and "
                    + "generic streaming (/u/...) channels stay on the Streaming API: subscribe them with "
                    + "StreamingClient");
        }
        return kind;
    }

    /**
     * Unsubscribes a channel: its stream ends, its buffered events are dropped, its
     * committed position is kept. Does nothing if it is not subscribed.
     * @param channel the channel
     */
    @Override
    public void unsubscribe(String channel) {
        requireOpen().unsubscribe(channel);
    }

    @Override
    public Set<String> subscriptions() {
        PubSubConnection open = this.running;
        return (open != null) ? open.subscriptions() : Set.of();
    }

    /**
     * Takes the next event, waiting as long as needed; in {@link CommitMode#AUTOMATIC}
     * the event taken before is committed first.
     * @return the next event (a {@link PubSubEvent})
     * @throws ClientInvalidOperationException when the client is closed, or listeners
     * consume the events
     */
    @Override
    public StreamingEvent receive() {
        while (true) {
            StreamingEvent event = take(POLL_SLICE_MILLIS);
            if (event != null) {
                return event;
            }
        }
    }

    @Override
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
        if (this.delivery.isActive()) {
            throw new ClientInvalidOperationException("Listeners consume the events of this client: receive() and "
                    + "iteration cannot be used with addListener()");
        }
        synchronized (this.takeLock) {
            commitLastTaken();
            if (this.running == null || this.queue.isClosed()) {
                throw new ClientInvalidOperationException(
                        this.closed ? "The client is closed" : "The client is not open: call open() first");
            }
            try {
                StreamingEvent event = this.queue.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (event == null && (this.running == null || this.queue.isClosed())) {
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

    private void taken(StreamingEvent event) {
        PubSubConnection open = this.running;
        if (open != null) {
            open.taken(event);
        }
    }

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

    @Override
    public Stream<StreamingEvent> stream() {
        return StreamSupport
            .stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Adds a listener, called for every event on the {@code sfstream-pubsub-delivery}
     * thread; from then on {@link #receive()} may not be used. When every listener has
     * returned, the event is committed ({@link CommitMode#AUTOMATIC}).
     * @param listener the listener
     */
    @Override
    public void addListener(EventListener listener) {
        this.delivery.add(Objects.requireNonNull(listener, "listener"));
    }

    private void listenersDone(StreamingEvent event) {
        if (this.options.commitMode() == CommitMode.AUTOMATIC) {
            commit(event);
        }
    }

    /**
     * Commits an event's position (its opaque replay id); batched before it reaches the
     * replay store, flushed on close. An older position than the committed one changes
     * nothing.
     * @param event an event this client delivered
     */
    @Override
    public void commit(StreamingEvent event) {
        PubSubConnection open = this.running;
        if (open != null) {
            open.commit(event);
        }
    }

    @Override
    public int pendingCount() {
        return this.queue.size();
    }

    /**
     * Returns how many events a channel's stream is owed plus how many of its events wait
     * in the client: never above the max pending count.
     * @param channel the channel
     * @return the count, 0 when not subscribed
     */
    public int outstanding(String channel) {
        PubSubConnection open = this.running;
        return (open != null) ? open.outstanding(channel) : 0;
    }

    @Override
    public ConnectionState state() {
        PubSubConnection open = this.running;
        if (open != null) {
            return open.state();
        }
        synchronized (this.stateLock) {
            return (this.opening != null) ? ConnectionState.CONNECTING : ConnectionState.CLOSED;
        }
    }

    /**
     * Ends every stream and the channel, and flushes committed positions. The last event
     * taken with {@link #receive()} is not committed (commit it first if the consumer
     * finished with it); buffered events are delivered again after the next start.
     * Idempotent; the client may be opened again. The replay store is not closed.
     */
    @Override
    public void close() {
        PubSubConnection open;
        PubSubConnection starting;
        synchronized (this.stateLock) {
            if (this.closed) {
                return;
            }
            this.closed = true;
            open = this.running;
            starting = this.opening;
            this.running = null;
        }
        if (starting != null) {
            starting.close();
        }
        this.delivery.stop(5_000);
        this.queue.close();
        synchronized (this.takeLock) {
            this.lastTaken = null;
        }
        if (open != null) {
            open.close();
        }
    }

    private PubSubConnection requireOpen() {
        PubSubConnection open = this.running;
        if (open == null) {
            throw new ClientInvalidOperationException(
                    this.closed ? "The client is closed" : "The client is not open: call open() first");
        }
        return open;
    }

    @Override
    public String toString() {
        return "PubSubClient[state=" + state() + ", subscriptions=" + subscriptions() + "]";
    }

    /**
     * Builds a {@link PubSubClient}. Every setting has a default except the
     * authenticator. Not thread-safe.
     */
    public static final class Builder {

        private final Authenticator authenticator;

        private String host = DEFAULT_HOST;

        private int port = DEFAULT_PORT;

        private boolean plaintext;

        private @Nullable SSLContext sslContext;

        private @Nullable InetSocketAddress proxy;

        private @Nullable ManagedChannelBuilder<?> channelBuilder;

        private ReplayStore replayStore = new InMemoryReplayStore();

        private ReplayFrom defaultReplay = ReplayFrom.NEW_EVENTS;

        private ReplayFallback replayFallback = ReplayFallback.ALL_EVENTS;

        private CommitMode commitMode = CommitMode.AUTOMATIC;

        private int commitBatchCount = 1000;

        private Duration commitBatchDelay = Duration.ofSeconds(1);

        private Duration connectionTimeout = Duration.ofSeconds(10);

        private int maxPendingCount = DEFAULT_MAX_PENDING_COUNT;

        private Duration backOffInitial = Duration.ofSeconds(1);

        private Duration backOffMax = Duration.ofMinutes(5);

        private Duration requestTimeout = Duration.ofSeconds(30);

        private Duration keepaliveTimeout = DEFAULT_KEEPALIVE_TIMEOUT;

        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

        private boolean traceIds = true;

        private final List<ClientLifecycleListener> lifecycleListeners = new ArrayList<>();

        private Builder(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        }

        /**
         * Sets the Pub/Sub API host; default {@value PubSubClient#DEFAULT_HOST} (orgs
         * processed in Germany: {@code api.deu.pubsub.salesforce.com}).
         * @param host the host
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Sets the port; default 443 (7443 also works where a firewall allows it).
         * @param port the port
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("Not a port: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Speaks HTTP/2 without TLS, for a Pub/Sub server on this machine (the emulator).
         * Checked when the client is built: the host must be a loopback address.
         * @return this builder
         */
        public Builder plaintext() {
            this.plaintext = true;
            return this;
        }

        /**
         * Uses this TLS context (its trust and key managers) instead of the JVM's default
         * trust, e.g. for a TLS-inspecting proxy's certificate authority. HTTP/2 is
         * negotiated with ALPN.
         * @param sslContext the context
         * @return this builder
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * Connects through an HTTP proxy (CONNECT). Without it the JVM's proxy selector
         * applies ({@code https.proxyHost}), as gRPC does by default.
         * @param proxy the proxy's address
         * @return this builder
         */
        public Builder proxy(InetSocketAddress proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /**
         * Uses this gRPC channel builder instead of host, port, TLS and proxy, e.g.
         * grpc-java's in-process transport in tests
         * ({@code InProcessChannelBuilder.forName(emulator.pubSubInProcessName())}). The
         * client sets the inbound message size and builds it at every
         * {@link PubSubClient#open()}.
         * @param channelBuilder the builder
         * @return this builder
         */
        public Builder channelBuilder(ManagedChannelBuilder<?> channelBuilder) {
            this.channelBuilder = Objects.requireNonNull(channelBuilder, "channelBuilder");
            return this;
        }

        /**
         * Sets where committed positions are kept; default in memory. The core's file and
         * JDBC stores hold opaque Pub/Sub replay ids.
         * @param replayStore the store
         * @return this builder
         */
        public Builder replayStore(ReplayStore replayStore) {
            this.replayStore = Objects.requireNonNull(replayStore, "replayStore");
            return this;
        }

        /**
         * Sets where a channel without a committed position starts:
         * {@link ReplayFrom#NEW_EVENTS} (LATEST, the default) or
         * {@link ReplayFrom#ALL_EVENTS} (EARLIEST, every event retained, 72 h).
         * @param defaultReplay the start
         * @return this builder
         * @throws IllegalArgumentException for a numeric (CometD) replay id
         */
        public Builder defaultReplay(ReplayFrom defaultReplay) {
            Objects.requireNonNull(defaultReplay, "defaultReplay");
            if (defaultReplay.isReplayId()) {
                throw new IllegalArgumentException("The Pub/Sub API starts from NEW_EVENTS or ALL_EVENTS, or a "
                        + "stored opaque replay id, not from CometD replay id " + defaultReplay.value());
            }
            this.defaultReplay = defaultReplay;
            return this;
        }

        /**
         * Sets what to do when the Pub/Sub API rejects a replay id (expired or foreign):
         * {@link ReplayFallback#ALL_EVENTS} (EARLIEST, the default),
         * {@link ReplayFallback#NEW_EVENTS} (LATEST) or {@link ReplayFallback#FAIL};
         * applied once per rejected id and logged as a gap.
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
         * Sets how commits are batched before they reach the store: at most every
         * {@code maxCount} commits or {@code maxDelay}; default 1,000 or 1 second.
         * @param maxCount commits per batch
         * @param maxDelay the longest time a commit waits
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
         * Sets how long {@link PubSubClient#open()} waits to connect, and how long
         * {@link PubSubClient#subscribe} waits for a channel without a working stream;
         * default 10 seconds.
         * @param connectionTimeout the timeout, zero for none
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
         * Sets the flow control bound: per channel, what the stream is owed plus what
         * waits in the client never exceeds it; default and maximum 100 (the Pub/Sub
         * API's own cap).
         * @param maxPendingCount 1 to 100
         * @return this builder
         */
        public Builder maxPendingCount(int maxPendingCount) {
            if (maxPendingCount < 1 || maxPendingCount > 100) {
                throw new IllegalArgumentException("maxPendingCount must be 1 to 100, was " + maxPendingCount);
            }
            this.maxPendingCount = maxPendingCount;
            return this;
        }

        /**
         * Sets the resubscribe back-off: exponential with jitter from {@code initial} up
         * to {@code max}; default 1 second up to 5 minutes. Limits back off from 30 times
         * {@code initial}.
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
         * Sets the deadline of {@code GetSchema} and {@code GetTopic}, and of the org id
         * lookup; default 30 seconds.
         * @param requestTimeout the timeout
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
         * Sets the keepalive watchdog: a stream that is owed events and receives neither
         * an event nor a keepalive for this long is resubscribed from the stored
         * position; default {@link PubSubClient#DEFAULT_KEEPALIVE_TIMEOUT} (300 s, over
         * the 270 s Salesforce documents).
         * @param keepaliveTimeout the timeout
         * @return this builder
         */
        public Builder keepaliveTimeout(Duration keepaliveTimeout) {
            if (keepaliveTimeout.isNegative() || keepaliveTimeout.isZero()) {
                throw new IllegalArgumentException("keepaliveTimeout must be positive");
            }
            this.keepaliveTimeout = keepaliveTimeout;
            return this;
        }

        /**
         * Sets the server's idle rule (a stream that owes nothing is closed after it;
         * default 60 s): a channel whose buffer is full stays without credit for at most
         * three quarters of it before the client parks its stream.
         * @param idleTimeout the server's idle timeout
         * @return this builder
         */
        public Builder idleTimeout(Duration idleTimeout) {
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive");
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * Sets whether every call carries a fresh {@code x-client-trace-id} (a UUID, for
         * support cases); default on.
         * @param traceIds whether to send them
         * @return this builder
         */
        public Builder traceIds(boolean traceIds) {
            this.traceIds = traceIds;
            return this;
        }

        /**
         * Adds a lifecycle listener.
         * @param listener the listener
         * @return this builder
         */
        public Builder lifecycleListener(ClientLifecycleListener listener) {
            this.lifecycleListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the client; call {@link PubSubClient#open()} next.
         * @return the client
         * @throws IllegalArgumentException when plaintext is asked for a host that is not
         * a loopback address
         */
        public PubSubClient build() {
            if (this.plaintext && this.channelBuilder == null && !isLoopback(this.host)) {
                throw new IllegalArgumentException("Plaintext (no TLS) is only for a Pub/Sub server on this machine, "
                        + "not " + this.host + ": the access token would travel in clear");
            }
            return new PubSubClient(
                    new PubSubOptions(this.authenticator, this.host, this.port, this.plaintext, this.sslContext,
                            this.proxy, this.channelBuilder, this.replayStore, this.defaultReplay, this.replayFallback,
                            this.commitMode, this.commitBatchCount, this.commitBatchDelay, this.connectionTimeout,
                            this.maxPendingCount, this.backOffInitial, this.backOffMax, this.requestTimeout,
                            this.keepaliveTimeout, this.idleTimeout, this.traceIds, this.lifecycleListeners));
        }

        private static boolean isLoopback(String host) {
            if (host.equalsIgnoreCase("localhost")) {
                return true;
            }
            if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+\\]?")) {
                return false;
            }
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            }
            catch (UnknownHostException ex) {
                return false;
            }
        }

    }

}
