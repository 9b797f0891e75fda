package io.sfstream.core.client;

import java.time.Duration;

import io.sfstream.core.AuthenticationException;
import io.sfstream.core.ServerException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayId;
import org.jspecify.annotations.Nullable;

/**
 * Observes a {@link StreamingClient}'s session: connections, re-authentications,
 * subscriptions and reported problems. For health indicators, metrics and logs. Every
 * method has an empty default. Methods are called on client threads and must return
 * quickly and not throw.
 */
public interface ClientLifecycleListener {

    /**
     * The session is connected: the first {@code /meta/connect} of a handshake succeeded.
     */
    default void connected() {
    }

    /**
     * The connection was lost; the client re-establishes it in the background.
     * @param cause why, or {@code null} when unknown
     */
    default void disconnected(@Nullable Throwable cause) {
    }

    /** A new access token was obtained after Salesforce refused the previous one. */
    default void reauthenticated() {
    }

    /**
     * Obtaining a token failed; the client retries with back-off when the failure is
     * transient. Also called when it fails {@link StreamingClient#open()}, before
     * {@code open()} throws.
     * @param error the failure
     */
    default void authenticationFailed(AuthenticationException error) {
    }

    /**
     * A new Bayeux session was handshaken to replace one that was lost.
     * @param reason why, such as {@code 403::Unknown client}
     */
    default void rehandshaked(String reason) {
    }

    /**
     * A channel was subscribed (also after an automatic re-subscribe).
     * @param channel the channel
     * @param from where the subscription resumed
     */
    default void subscribed(String channel, ReplayFrom from) {
    }

    /**
     * A channel was unsubscribed.
     * @param channel the channel
     */
    default void unsubscribed(String channel) {
    }

    /**
     * Subscribing a channel failed permanently (the channel does not exist, is denied, or
     * its stored replay id expired under {@link ReplayFallback#FAIL}); other channels
     * keep running.
     * @param channel the channel
     * @param error the failure
     */
    default void subscribeFailed(String channel, StreamingException error) {
    }

    /**
     * A stored replay id was rejected as invalid (expired) and the fallback was applied:
     * events between it and the fallback start may be lost.
     * @param channel the channel
     * @param invalidReplayId the rejected replay id
     * @param fallback the fallback applied
     */
    default void replayFallbackApplied(String channel, ReplayId invalidReplayId, ReplayFallback fallback) {
    }

    /**
     * An event from the server was malformed (no data, no usable replay id, unreadable
     * fields) and was reported; the stream goes on.
     * @param channel the channel
     * @param reason what was wrong
     */
    default void malformedEvent(String channel, String reason) {
    }

    /**
     * Salesforce refused the session or a subscribe because of an org limit (concurrent
     * clients, daily event delivery); the client keeps trying with a long back-off.
     * Report the client unhealthy meanwhile.
     * @param error the refusal
     * @param retryIn when the client tries again
     */
    default void limitExceeded(ServerException error, Duration retryIn) {
    }

}
