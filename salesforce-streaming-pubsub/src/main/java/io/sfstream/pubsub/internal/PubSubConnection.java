package io.sfstream.pubsub.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

import io.grpc.ConnectivityState;
import io.grpc.HttpConnectProxiedSocketAddress;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.grpc.netty.shaded.io.netty.handler.ssl.JdkSslContext;
import io.sfstream.core.AuthenticationException;
import io.sfstream.core.ReplayException;
import io.sfstream.core.ServerException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.TransportException;
import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.client.ConnectionState;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayKey;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.support.LifecycleNotifier;
import io.sfstream.core.support.ReplayCommitter;
import io.sfstream.pubsub.internal.proto.PubSubGrpc;
import io.sfstream.pubsub.internal.proto.SchemaRequest;
import io.sfstream.pubsub.internal.proto.TopicInfo;
import io.sfstream.pubsub.internal.proto.TopicRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@code PubSubClient} has while it is open: one gRPC channel for every topic (the
 * Pub/Sub API allows 100 streams per connection), one {@link TopicSubscription} per
 * channel, the access token, the schema cache, the replay committer, and three threads:
 * {@code sfstream-pubsub-intake} (decodes and queues what the streams receive: gRPC's
 * threads only hand over), {@code sfstream-pubsub-scheduler} (opens streams, back-off,
 * new tokens, the keepalive watchdog) and the committer's flusher. Thread-safe.
 */
public final class PubSubConnection {

    static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of("error-code", Metadata.ASCII_STRING_MARSHALLER);

    static final Metadata.Key<String> RPC_ID = Metadata.Key.of("rpc-id", Metadata.ASCII_STRING_MARSHALLER);

    /** What {@link ServerException#bayeuxChannel()} says for a refused subscription. */
    static final String SUBSCRIBE = "/eventbus.v1.PubSub/Subscribe";

    private static final Logger logger = LoggerFactory.getLogger(PubSubConnection.class);

    private final PubSubOptions options;

    private final LifecycleNotifier lifecycle;

    private final EventQueue queue;

    private final Credentials credentials;

    private final ReplayCommitter committer;

    private final Schemas schemas;

    private final EventDecoder decoder;

    private final Map<String, TopicSubscription> subscriptions = new ConcurrentHashMap<>();

    private final ExecutorService intake;

    private final ScheduledExecutorService scheduler;

    private @Nullable ManagedChannel channel;

    private PubSubGrpc.@Nullable PubSubStub stub;

    private volatile boolean closed;

    /**
     * Creates the connection (nothing is opened yet).
     * @param options the client's settings
     * @param lifecycle the lifecycle listeners
     * @param queue where received events go
     */
    public PubSubConnection(PubSubOptions options, LifecycleNotifier lifecycle, EventQueue queue) {
        this.options = options;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.credentials = new Credentials(options.authenticator(), options.requestTimeout(), options.traceIds());
        this.committer = new ReplayCommitter(options.replayStore(), options.commitBatchCount(),
                options.commitBatchDelay(), "sfstream-pubsub-replay-flusher");
        this.schemas = new Schemas(this::fetchSchema);
        this.decoder = new EventDecoder(this.schemas);
        this.intake = Executors.newSingleThreadExecutor((task) -> daemon(task, "sfstream-pubsub-intake"));
        this.scheduler = Executors
            .newSingleThreadScheduledExecutor((task) -> daemon(task, "sfstream-pubsub-scheduler"));
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Authenticates (and finds the org id), then connects the channel.
     * @param timeout how long to wait for the connection
     * @throws AuthenticationException when no token can be had
     * @throws TransportException when the Pub/Sub API cannot be reached in time
     */
    public void open(Duration timeout) {
        try {
            this.credentials.current();
        }
        catch (AuthenticationException ex) {
            this.lifecycle.authenticationFailed(ex);
            throw ex;
        }
        ManagedChannel built = buildChannel();
        this.channel = built;
        this.stub = PubSubGrpc.newStub(built);
        awaitReady(built, timeout);
        long tick = Math.max(50, Math.min(1_000,
                Math.min(this.options.keepaliveTimeout().toMillis() / 4, this.options.idleTimeout().toMillis() / 8)));
        this.scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        logger.info("Connected to the Pub/Sub API at {}", target());
        this.lifecycle.connected();
    }

    private String target() {
        return (this.options.channelBuilder() != null) ? "(a supplied channel)"
                : this.options.host() + ":" + this.options.port();
    }

    private ManagedChannel buildChannel() {
        ManagedChannelBuilder<?> builder = this.options.channelBuilder();
        if (builder == null) {
            NettyChannelBuilder netty = NettyChannelBuilder.forAddress(this.options.host(), this.options.port());
            if (this.options.plaintext()) {
                netty.usePlaintext();
            }
            else if (this.options.sslContext() != null) {
                netty.sslContext(nettySslContext(this.options.sslContext()));
            }
            else {
                netty.useTransportSecurity();
            }
            InetSocketAddress proxy = this.options.proxy();
            if (proxy != null) {
                netty.proxyDetector((target) -> HttpConnectProxiedSocketAddress.newBuilder()
                    .setProxyAddress(proxy)
                    .setTargetAddress((InetSocketAddress) target)
                    .build());
            }
            builder = netty;
        }
        return builder.maxInboundMessageSize(this.options.maxInboundMessageSize()).build();
    }

    /** Wraps a JDK TLS context for gRPC's Netty: HTTP/2 negotiated with ALPN. */
    @SuppressWarnings("deprecation")
    static JdkSslContext nettySslContext(SSLContext context) {
        return new JdkSslContext(context, true, null, IdentityCipherSuiteFilter.INSTANCE,
                new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "h2"),
                ClientAuth.NONE, null, false);
    }

    private void awaitReady(ManagedChannel built, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ConnectivityState state = built.getState(true);
        while (state != ConnectivityState.READY) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TransportException("The Pub/Sub API at " + target() + " cannot be reached (connection "
                        + state + " after " + timeout.toMillis() + " ms): check the host, the port (443 or 7443) "
                        + "and the network or proxy");
            }
            CountDownLatch changed = new CountDownLatch(1);
            built.notifyWhenStateChanged(state, changed::countDown);
            try {
                changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new TransportException("Interrupted while connecting to the Pub/Sub API", ex);
            }
            state = built.getState(true);
        }
    }

    /**
     * Registers a channel and opens its stream; the caller waits for
     * {@link TopicSubscription#firstOutcome()} through {@link #awaitSubscribed}.
     * @param channel a platform event or change event channel
     * @param kind its kind
     * @param initial where to start without a stored position
     * @return the subscription, new or existing
     * @throws ServerException when the topic does not exist or may not be subscribed
     * @throws ReplayException when the replay store cannot be read
     */
    public Object subscribe(String channel, ChannelKind kind, ReplayFrom initial) {
        TopicSubscription.preset(initial);
        TopicSubscription existing = this.subscriptions.get(channel);
        if (existing != null) {
            return existing;
        }
        ReplayPosition stored;
        try {
            stored = this.committer.latest(ReplayKey.of(channel)).orElse(null);
        }
        catch (RuntimeException ex) {
            throw new ReplayException(
                    "Reading the replay position of " + channel + " from the replay store failed: " + ex.getMessage(),
                    ex);
        }
        checkTopic(channel);
        TopicSubscription subscription = new TopicSubscription(this, channel, kind, initial, stored);
        TopicSubscription raced = this.subscriptions.putIfAbsent(channel, subscription);
        if (raced != null) {
            return raced;
        }
        subscription.open();
        return subscription;
    }

    /**
     * Waits for a subscription's first response or failure.
     * @param handle what {@link #subscribe} returned
     * @param connectionTimeout how long a subscription may be without a stream before
     * this gives up (zero: never)
     * @param overall the longest wait
     * @throws StreamingException the subscription's failure, or a transport timeout
     */
    public void awaitSubscribed(Object handle, Duration connectionTimeout, Duration overall) {
        TopicSubscription subscription = (TopicSubscription) handle;
        long deadline = System.nanoTime() + overall.toNanos();
        while (true) {
            try {
                subscription.firstOutcome().get(100, TimeUnit.MILLISECONDS);
                return;
            }
            catch (java.util.concurrent.ExecutionException ex) {
                if (ex.getCause() instanceof StreamingException streaming) {
                    throw streaming;
                }
                throw new StreamingException("Subscribing to " + subscription.channel() + " failed", ex.getCause());
            }
            catch (java.util.concurrent.CancellationException ex) {
                throw new io.sfstream.core.ClientInvalidOperationException(
                        "Unsubscribed or closed while subscribing to " + subscription.channel());
            }
            catch (java.util.concurrent.TimeoutException ex) {
                Duration down = subscription.downFor();
                if ((!connectionTimeout.isZero() && down.compareTo(connectionTimeout) > 0)
                        || System.nanoTime() > deadline) {
                    throw new io.sfstream.core.TransportTimeoutException(
                            "The Pub/Sub API did not accept the " + "subscription of " + subscription.channel()
                                    + " in time; it stays registered and is " + "subscribed when the service answers");
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new TransportException("Interrupted while subscribing to " + subscription.channel(), ex);
            }
        }
    }

    private void checkTopic(String channel) {
        TopicInfo topic;
        try {
            topic = unary((stub) -> stub.getTopic(TopicRequest.newBuilder().setTopicName(channel).build()));
        }
        catch (StatusRuntimeException ex) {
            Status.Code code = ex.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND || code == Status.Code.PERMISSION_DENIED) {
                Metadata trailers = ex.getTrailers();
                ServerException error = new ServerException(
                        "The Pub/Sub API has no topic " + channel + " that this user may subscribe to (" + code + ": "
                                + ex.getStatus().getDescription() + ")",
                        SUBSCRIBE, channel, (trailers != null) ? trailers.get(ERROR_CODE) : null,
                        ex.getStatus().getDescription());
                this.lifecycle.subscribeFailed(channel, error);
                throw error;
            }
            logger.debug("GetTopic {} failed ({}): subscribing without checking it", channel, ex.getStatus());
            return;
        }
        if (!topic.getCanSubscribe()) {
            // Not an error by itself (a server may leave the field unset, and proto3
            // reads
            // that as false): Subscribe's own NOT_FOUND or PERMISSION_DENIED decides.
            logger.warn("GetTopic says this user may not subscribe to {} (can_subscribe is false): subscribing "
                    + "anyway, the server's answer decides", channel);
        }
    }

    private String fetchSchema(String schemaId) {
        return unary((stub) -> stub.getSchema(SchemaRequest.newBuilder().setSchemaId(schemaId).build()))
            .getSchemaJson();
    }

    /**
     * A unary call with the request timeout, with a new token once if the token is
     * refused.
     */
    private <T> T unary(Function<PubSubGrpc.PubSubBlockingStub, T> call) {
        Credentials.Session session = this.credentials.current();
        try {
            return call.apply(blockingStub(session));
        }
        catch (StatusRuntimeException ex) {
            if (ex.getStatus().getCode() != Status.Code.UNAUTHENTICATED) {
                throw ex;
            }
            Credentials.Session fresh = this.credentials.refresh(session, this.lifecycle::reauthenticated);
            return call.apply(blockingStub(fresh));
        }
    }

    private PubSubGrpc.PubSubBlockingStub blockingStub(Credentials.Session session) {
        ManagedChannel open = requireChannel();
        return PubSubGrpc.newBlockingStub(open)
            .withInterceptors(this.credentials.headers(session))
            .withDeadlineAfter(this.options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private ManagedChannel requireChannel() {
        ManagedChannel open = this.channel;
        if (open == null) {
            throw new TransportException("The Pub/Sub client is not connected");
        }
        return open;
    }

    /**
     * Unsubscribes a channel; its buffered events are dropped, its position is kept.
     * @param channel the channel
     * @return whether it was subscribed
     */
    public boolean unsubscribe(String channel) {
        TopicSubscription removed = this.subscriptions.remove(channel);
        if (removed == null) {
            return false;
        }
        removed.close();
        int discarded = this.queue.discard(channel);
        logger.info("Unsubscribed from {} ({} buffered event(s) discarded)", channel, discarded);
        this.lifecycle.unsubscribed(channel);
        return true;
    }

    /**
     * Returns the subscribed channels.
     * @return a sorted snapshot
     */
    public Set<String> subscriptions() {
        return Set.copyOf(new TreeSet<>(this.subscriptions.keySet()));
    }

    /**
     * Commits the position of an event the consumer finished with.
     * @param event an event of this client
     */
    public void commit(StreamingEvent event) {
        ReplayId replayId = event.replayId();
        if (replayId == null || replayId.isNumeric()) {
            return;
        }
        this.committer.commit(ReplayKey.of(event.channel()), new ReplayPosition(replayId, event.eventTime()));
        TopicSubscription subscription = this.subscriptions.get(event.channel());
        if (subscription != null) {
            subscription.committed(replayId);
        }
    }

    /**
     * Tells an event's subscription that the consumer took it.
     * @param event the event
     */
    public void taken(StreamingEvent event) {
        TopicSubscription subscription = this.subscriptions.get(event.channel());
        if (subscription != null && event instanceof DecodedEvent decoded) {
            subscription.taken(decoded);
        }
    }

    /**
     * Returns the connection's state: connected while every channel has a stream (or is
     * parked), reconnecting while one waits to resubscribe.
     * @return the state
     */
    public ConnectionState state() {
        if (this.closed) {
            return ConnectionState.CLOSED;
        }
        for (TopicSubscription subscription : this.subscriptions.values()) {
            if (subscription.state() == TopicSubscription.State.WAITING) {
                return ConnectionState.RECONNECTING;
            }
        }
        return ConnectionState.CONNECTED;
    }

    /**
     * Returns what a channel's stream is owed plus what waits of it in the queue: never
     * above the max pending count (for tests and metrics).
     * @param channel the channel
     * @return the count, 0 when not subscribed
     */
    public int outstanding(String channel) {
        TopicSubscription subscription = this.subscriptions.get(channel);
        return (subscription != null) ? subscription.outstanding() : 0;
    }

    /**
     * Returns how many schemas were fetched.
     * @return the count
     */
    public int schemasFetched() {
        return this.schemas.size();
    }

    /**
     * Ends every stream, the channel and the threads, and flushes committed positions.
     */
    public void close() {
        this.closed = true;
        this.subscriptions.values().forEach(TopicSubscription::close);
        this.subscriptions.clear();
        this.scheduler.shutdownNow();
        this.intake.shutdownNow();
        ManagedChannel open = this.channel;
        if (open != null) {
            open.shutdownNow();
            try {
                open.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        this.committer.close();
        this.credentials.clear();
    }

    private void tick() {
        for (TopicSubscription subscription : this.subscriptions.values()) {
            try {
                subscription.tick();
            }
            catch (RuntimeException ex) {
                logger.warn("Watchdog of {} failed", subscription.channel(), ex);
            }
        }
    }

    // ---- for TopicSubscription --------------------------------------------------------

    PubSubOptions options() {
        return this.options;
    }

    Credentials credentials() {
        return this.credentials;
    }

    PubSubGrpc.PubSubStub stub() {
        PubSubGrpc.PubSubStub open = this.stub;
        if (open == null) {
            throw new TransportException("The Pub/Sub client is not connected");
        }
        return open;
    }

    ScheduledExecutorService scheduler() {
        return this.scheduler;
    }

    void intake(Runnable task) {
        try {
            this.intake.execute(task);
        }
        catch (RejectedExecutionException ex) {
            logger.trace("Client closed: dropping a stream callback");
        }
    }

    EventDecoder decoder() {
        return this.decoder;
    }

    EventQueue queue() {
        return this.queue;
    }

    ReplayCommitter committer() {
        return this.committer;
    }

    LifecycleNotifier lifecycle() {
        return this.lifecycle;
    }

    void failed(TopicSubscription subscription) {
        this.subscriptions.remove(subscription.channel(), subscription);
    }

}
