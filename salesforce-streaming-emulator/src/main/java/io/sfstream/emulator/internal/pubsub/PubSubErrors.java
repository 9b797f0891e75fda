package io.sfstream.emulator.internal.pubsub;

import java.util.UUID;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.jspecify.annotations.Nullable;

/**
 * The errors of the Pub/Sub API (PUBSUB section 5): a gRPC status with {@code error-code}
 * and {@code rpc-id} in the trailers; infrastructure errors carry no {@code error-code}.
 */
final class PubSubErrors {

    static final String PREFIX = "sfdc.platform.eventbus.grpc.";

    static final String AUTH_ERROR = PREFIX + "service.auth.error";

    static final String REPLAY_ID_CORRUPTED = PREFIX + "subscription.fetch.replayid.corrupted";

    static final String REPLAY_ID_VALIDATION_FAILED = PREFIX + "subscription.fetch.replayid.validation.failed";

    static final String SERVICE_UNAVAILABLE = PREFIX + "service.unavailable";

    static final String LIMIT_EXCEEDED = PREFIX + "subscription.limit.exceeded";

    static final String TOPIC_NOT_FOUND = PREFIX + "topic.not.found";

    /** Not documented: the emulator's guess for a topic the user may not subscribe to. */
    static final String TOPIC_PERMISSION_DENIED = PREFIX + "topic.permission.denied";

    /** Not documented: the emulator's guess for a later request naming another topic. */
    static final String TOPIC_MISMATCH = PREFIX + "subscription.fetch.topic.mismatch";

    static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of("error-code", Metadata.ASCII_STRING_MARSHALLER);

    static final Metadata.Key<String> RPC_ID = Metadata.Key.of("rpc-id", Metadata.ASCII_STRING_MARSHALLER);

    private PubSubErrors() {
    }

    /**
     * Builds an error.
     * @param status the gRPC status
     * @param errorCode the {@code error-code} trailer, or {@code null} for none
     * @param description the status description
     * @return the exception to end a call with
     */
    static StatusRuntimeException error(Status status, @Nullable String errorCode, String description) {
        return status.withDescription(description).asRuntimeException(trailers(errorCode));
    }

    static Metadata trailers(@Nullable String errorCode) {
        Metadata trailers = new Metadata();
        if (errorCode != null) {
            trailers.put(ERROR_CODE, errorCode);
        }
        trailers.put(RPC_ID, rpcId());
        return trailers;
    }

    static String rpcId() {
        return UUID.randomUUID().toString();
    }

    static StatusRuntimeException unavailable() {
        return error(Status.UNAVAILABLE, SERVICE_UNAVAILABLE, "The service is unavailable. Try again later.");
    }

    static StatusRuntimeException limitExceeded() {
        return error(Status.RESOURCE_EXHAUSTED, LIMIT_EXCEEDED,
                "The daily event delivery allocation of the org is used up.");
    }

}
