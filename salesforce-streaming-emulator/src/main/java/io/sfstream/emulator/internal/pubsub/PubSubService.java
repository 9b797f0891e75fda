package io.sfstream.emulator.internal.pubsub;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sfstream.emulator.EmulatorClock;
import io.sfstream.emulator.internal.events.ChannelCatalog;
import io.sfstream.emulator.internal.events.ChannelKind;
import io.sfstream.emulator.internal.org.AccessTokens;
import io.sfstream.emulator.internal.pubsub.proto.FetchRequest;
import io.sfstream.emulator.internal.pubsub.proto.FetchResponse;
import io.sfstream.emulator.internal.pubsub.proto.PubSubGrpc;
import io.sfstream.emulator.internal.pubsub.proto.SchemaInfo;
import io.sfstream.emulator.internal.pubsub.proto.SchemaRequest;
import io.sfstream.emulator.internal.pubsub.proto.TopicInfo;
import io.sfstream.emulator.internal.pubsub.proto.TopicRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code eventbus.v1.PubSub} service of the emulated org: {@code Subscribe},
 * {@code GetSchema} and {@code GetTopic} ({@code Publish} and the other methods answer
 * {@code UNIMPLEMENTED}: publish through the emulator). Owns the open streams, and a
 * thread that sends what a publish made available, keepalives and idle closes. Survives
 * restarts of the servers; {@link #close()} ends it. Thread-safe.
 */
final class PubSubService extends PubSubGrpc.PubSubImplBase {

    private static final Logger logger = LoggerFactory.getLogger(PubSubService.class);

    private final TopicLogs logs;

    private final EventSchemas schemas;

    private final EventEncoder encoder = new EventEncoder();

    private final PubSubFaultState faults = new PubSubFaultState();

    private final EmulatorClock clock;

    private final AccessTokens tokens;

    private final String orgId;

    private final Duration keepalivePeriod;

    private final Duration idleTimeout;

    private final Set<SubscribeStream> streams = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService worker;

    PubSubService(ChannelCatalog catalog, EmulatorClock clock, AccessTokens tokens, String orgId,
            Duration keepalivePeriod, Duration idleTimeout) {
        this.schemas = new EventSchemas();
        this.logs = new TopicLogs(catalog, this.schemas, this::published);
        this.clock = clock;
        this.tokens = tokens;
        this.orgId = orgId;
        this.keepalivePeriod = keepalivePeriod;
        this.idleTimeout = idleTimeout;
        this.worker = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, "sf-emulator-pubsub");
            thread.setDaemon(true);
            return thread;
        });
        long tick = Math.max(20, Math.min(keepalivePeriod.toMillis(), idleTimeout.toMillis()) / 5);
        this.worker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    TopicLogs logs() {
        return this.logs;
    }

    EventEncoder encoder() {
        return this.encoder;
    }

    PubSubFaultState faults() {
        return this.faults;
    }

    EmulatorClock clock() {
        return this.clock;
    }

    Duration keepalivePeriod() {
        return this.keepalivePeriod;
    }

    Duration idleTimeout() {
        return this.idleTimeout;
    }

    void register(SubscribeStream stream) {
        this.streams.add(stream);
    }

    void unregister(SubscribeStream stream) {
        this.streams.remove(stream);
    }

    int openStreams() {
        return this.streams.size();
    }

    @Override
    public StreamObserver<FetchRequest> subscribe(StreamObserver<FetchResponse> responses) {
        return new SubscribeStream(this, (ServerCallStreamObserver<FetchResponse>) responses, CallerCheck.TOKEN.get());
    }

    @Override
    public void getSchema(SchemaRequest request, StreamObserver<SchemaInfo> response) {
        StatusRuntimeException refused = refusal();
        if (refused != null) {
            response.onError(refused);
            return;
        }
        this.schemas.find(request.getSchemaId()).ifPresentOrElse((version) -> {
            response.onNext(SchemaInfo.newBuilder()
                .setSchemaId(version.id())
                .setSchemaJson(version.schema().toString())
                .setRpcId(PubSubErrors.rpcId())
                .build());
            response.onCompleted();
        }, () -> response
            .onError(PubSubErrors.error(Status.NOT_FOUND, null, "No schema with id " + request.getSchemaId())));
    }

    @Override
    public void getTopic(TopicRequest request, StreamObserver<TopicInfo> response) {
        StatusRuntimeException refused = refusal();
        if (refused != null) {
            response.onError(refused);
            return;
        }
        String topic = request.getTopicName();
        if (this.logs.log(topic).isEmpty()) {
            response.onError(PubSubErrors.error(Status.NOT_FOUND, PubSubErrors.TOPIC_NOT_FOUND,
                    "The topic " + topic + " was not found, or is not a platform event or change event topic"));
            return;
        }
        response.onNext(TopicInfo.newBuilder()
            .setTopicName(topic)
            .setTenantGuid(this.orgId)
            .setCanPublish(topic.startsWith(ChannelKind.PLATFORM_EVENT.prefix()))
            .setCanSubscribe(!this.faults.denied(topic))
            .setSchemaId(this.logs.schemaId(topic))
            .setRpcId(PubSubErrors.rpcId())
            .build());
        response.onCompleted();
    }

    private @Nullable StatusRuntimeException refusal() {
        if (this.faults.unavailable()) {
            return PubSubErrors.unavailable();
        }
        return this.faults.limitExceeded() ? PubSubErrors.limitExceeded() : null;
    }

    /**
     * Sends, on the worker thread, what a publish made available to the streams of a
     * topic.
     */
    void published(String topic) {
        try {
            this.worker.execute(() -> each((stream) -> topic.equals(stream.topic()), SubscribeStream::pump));
        }
        catch (RejectedExecutionException ex) {
            logger.trace("Pub/Sub service closed: not sending the events of {}", topic);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        try {
            each((stream) -> true, (stream) -> stream.tick(now));
        }
        catch (RuntimeException ex) {
            logger.warn("Pub/Sub keepalive tick failed", ex);
        }
    }

    /** Ends the matching streams with the error. */
    void end(Predicate<SubscribeStream> which, Supplier<StatusRuntimeException> error) {
        each(which, (stream) -> stream.end(error.get()));
    }

    /** Ends the streams whose access token is no longer live. */
    void endStreamsOfRevokedTokens() {
        end((stream) -> stream.token() == null || this.tokens.find(stream.token()).isEmpty(), () -> PubSubErrors
            .error(Status.UNAUTHENTICATED, PubSubErrors.AUTH_ERROR, "Authentication failed: the session was revoked"));
    }

    /** Silences every open stream: no event, no keepalive, no error. */
    void silenceStreams() {
        each((stream) -> true, SubscribeStream::silence);
    }

    private void each(Predicate<SubscribeStream> which, Consumer<SubscribeStream> action) {
        for (SubscribeStream stream : List.copyOf(this.streams)) {
            if (which.test(stream)) {
                action.accept(stream);
            }
        }
    }

    /** Ends every stream (the servers stop). */
    void endAll() {
        end((stream) -> true,
                () -> Status.UNAVAILABLE.withDescription("The server is shutting down").asRuntimeException());
        this.streams.clear();
    }

    void close() {
        endAll();
        this.worker.shutdownNow();
    }

}
