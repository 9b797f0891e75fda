package io.sfstream.emulator.internal.pubsub;

import java.time.Instant;
import java.util.List;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sfstream.emulator.internal.pubsub.proto.ConsumerEvent;
import io.sfstream.emulator.internal.pubsub.proto.FetchRequest;
import io.sfstream.emulator.internal.pubsub.proto.FetchResponse;
import io.sfstream.emulator.internal.pubsub.proto.ProducerEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code Subscribe} call (PUBSUB section 3): the first request names the topic and
 * the replay start; every request adds {@code num_requested} to what is owed, capped at
 * {@value #MAX_OWED}; events go out as long as something is owed; while something is owed
 * and nothing goes out for the keepalive period an empty response carries
 * {@code latest_replay_id}; a stream that owes nothing for the idle timeout is closed.
 * Right after an accepted first request an empty response confirms the subscription (the
 * emulator's choice: a client must not depend on it). Every send happens under the
 * stream's lock. Thread-safe.
 */
final class SubscribeStream implements StreamObserver<FetchRequest> {

    static final int MAX_OWED = 100;

    private static final Logger logger = LoggerFactory.getLogger(SubscribeStream.class);

    private final PubSubService service;

    private final ServerCallStreamObserver<FetchResponse> out;

    private final @Nullable String token;

    private @Nullable TopicLog log;

    private long cursor;

    private int owed;

    private long lastSentNanos = System.nanoTime();

    private long nothingOwedSinceNanos = System.nanoTime();

    private boolean silenced;

    private boolean ended;

    SubscribeStream(PubSubService service, ServerCallStreamObserver<FetchResponse> out, @Nullable String token) {
        this.service = service;
        this.out = out;
        this.token = token;
    }

    @Nullable String token() {
        return this.token;
    }

    synchronized @Nullable String topic() {
        TopicLog current = this.log;
        return (current != null) ? current.topic() : null;
    }

    @Override
    public synchronized void onNext(FetchRequest request) {
        if (this.ended) {
            return;
        }
        boolean first = this.log == null;
        if (first) {
            if (!start(request)) {
                return;
            }
        }
        else if (!request.getTopicName().isEmpty() && !request.getTopicName().equals(this.log.topic())) {
            end(PubSubErrors.error(Status.INVALID_ARGUMENT, PubSubErrors.TOPIC_MISMATCH,
                    "The topic of a later FetchRequest must match the first one's: " + this.log.topic()));
            return;
        }
        if (request.getNumRequested() > 0) {
            this.owed = (int) Math.min(MAX_OWED, (long) this.owed + request.getNumRequested());
        }
        if (!pump() && first) {
            sendKeepalive();
        }
    }

    private boolean start(FetchRequest request) {
        String topic = request.getTopicName();
        PubSubFaultState faults = this.service.faults();
        if (faults.unavailable()) {
            end(PubSubErrors.unavailable());
            return false;
        }
        if (faults.limitExceeded()) {
            end(PubSubErrors.limitExceeded());
            return false;
        }
        TopicLog found = this.service.logs().log(topic).orElse(null);
        if (found == null) {
            end(PubSubErrors.error(Status.NOT_FOUND, PubSubErrors.TOPIC_NOT_FOUND,
                    "The topic " + topic + " was not found, or is not a platform event or change event topic"));
            return false;
        }
        if (faults.denied(topic)) {
            end(PubSubErrors.error(Status.PERMISSION_DENIED, PubSubErrors.TOPIC_PERMISSION_DENIED,
                    "The user has no permission to subscribe to " + topic));
            return false;
        }
        Instant now = this.service.clock().now();
        switch (request.getReplayPreset()) {
            case EARLIEST -> this.cursor = found.beforeOldest(now);
            case CUSTOM -> {
                ByteString id = request.getReplayId();
                if (id.isEmpty()) {
                    end(PubSubErrors.error(Status.INVALID_ARGUMENT, PubSubErrors.REPLAY_ID_VALIDATION_FAILED,
                            "A CUSTOM replay preset needs a replay_id"));
                    return false;
                }
                long replayId = (id.size() == Long.BYTES) ? id.asReadOnlyByteBuffer().getLong() : -1;
                if (faults.takeCorruptReplayId() || replayId < 1 || replayId < found.oldestValidReplayId(now)
                        || replayId > found.latestReplayId()) {
                    end(PubSubErrors.error(Status.INVALID_ARGUMENT, PubSubErrors.REPLAY_ID_CORRUPTED,
                            "Replay ID validation failed."));
                    return false;
                }
                this.cursor = replayId;
            }
            default -> this.cursor = found.latestReplayId();
        }
        this.log = found;
        this.service.register(this);
        logger.debug("Pub/Sub subscribe to {} from {} (after replay id {})", topic, request.getReplayPreset(),
                this.cursor);
        return true;
    }

    /** Sends what is owed and retained; returns whether anything went out. */
    synchronized boolean pump() {
        TopicLog current = this.log;
        if (this.ended || this.silenced || current == null) {
            return false;
        }
        boolean sent = false;
        while (this.owed > 0) {
            List<LogEntry> batch = current.after(this.cursor, this.owed, this.service.clock().now());
            if (batch.isEmpty()) {
                break;
            }
            FetchResponse.Builder response = FetchResponse.newBuilder();
            for (LogEntry entry : batch) {
                response.addEvents(ConsumerEvent.newBuilder()
                    .setEvent(ProducerEvent.newBuilder()
                        .setId(entry.id())
                        .setSchemaId(entry.schemaId())
                        .setPayload(ByteString.copyFrom(entry.payload(this.service.encoder()))))
                    .setReplayId(ByteString.copyFrom(entry.replayIdBytes())));
            }
            LogEntry last = batch.get(batch.size() - 1);
            this.owed -= batch.size();
            this.cursor = last.replayId();
            if (!send(response.setLatestReplayId(ByteString.copyFrom(last.replayIdBytes()))
                .setPendingNumRequested(this.owed)
                .setRpcId(PubSubErrors.rpcId())
                .build())) {
                return sent;
            }
            sent = true;
            if (this.owed == 0) {
                this.nothingOwedSinceNanos = System.nanoTime();
            }
        }
        return sent;
    }

    /** Sends a keepalive or closes an idle stream when it is time. */
    synchronized void tick(long nowNanos) {
        if (this.ended || this.silenced || this.log == null) {
            return;
        }
        if (this.owed > 0 && nowNanos - this.lastSentNanos >= this.service.keepalivePeriod().toNanos()) {
            sendKeepalive();
        }
        else if (this.owed == 0 && nowNanos - this.nothingOwedSinceNanos >= this.service.idleTimeout().toNanos()) {
            logger.debug("Closing the idle Pub/Sub stream of {}: nothing requested for {}", this.log.topic(),
                    this.service.idleTimeout());
            this.ended = true;
            this.service.unregister(this);
            try {
                this.out.onCompleted();
            }
            catch (RuntimeException ex) {
                logger.trace("Completing an idle stream failed", ex);
            }
        }
    }

    private void sendKeepalive() {
        FetchResponse.Builder keepalive = FetchResponse.newBuilder()
            .setPendingNumRequested(this.owed)
            .setRpcId(PubSubErrors.rpcId());
        if (this.cursor > 0) {
            keepalive.setLatestReplayId(ByteString.copyFrom(LogEntry.bytes(this.cursor)));
        }
        send(keepalive.build());
    }

    private boolean send(FetchResponse response) {
        try {
            this.out.onNext(response);
            this.lastSentNanos = System.nanoTime();
            return true;
        }
        catch (RuntimeException ex) {
            logger.debug("Sending on a Pub/Sub stream failed: {}", ex.toString());
            this.ended = true;
            this.service.unregister(this);
            return false;
        }
    }

    /** Stops sending anything, events and keepalives, without ending the stream. */
    synchronized void silence() {
        this.silenced = true;
    }

    /**
     * Ends the stream with an error.
     * @param error the status and trailers
     */
    synchronized void end(StatusRuntimeException error) {
        if (this.ended) {
            return;
        }
        this.ended = true;
        this.service.unregister(this);
        try {
            this.out.onError(error);
        }
        catch (RuntimeException ex) {
            logger.trace("Ending a Pub/Sub stream failed", ex);
        }
    }

    @Override
    public synchronized void onError(Throwable error) {
        this.ended = true;
        this.service.unregister(this);
    }

    @Override
    public synchronized void onCompleted() {
        if (!this.ended) {
            this.ended = true;
            this.service.unregister(this);
            try {
                this.out.onCompleted();
            }
            catch (RuntimeException ex) {
                logger.trace("Completing a Pub/Sub stream failed", ex);
            }
        }
    }

}
