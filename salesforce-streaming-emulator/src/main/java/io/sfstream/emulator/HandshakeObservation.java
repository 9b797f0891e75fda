package io.sfstream.emulator;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A {@code /meta/handshake} the emulator answered.
 *
 * @param clientId the client id handed out, {@code null} when the handshake failed
 * @param accessToken the access token the request carried, {@code null} when none (never
 * printed by {@link #toString()})
 * @param ext the {@code ext} object the client sent (empty when none)
 * @param successful whether the handshake succeeded
 * @param error the {@code error} of a failed reply, {@code null} on success
 * @param failureReason the {@code ext.sfdc.failureReason} of a failed reply, or
 * {@code null}
 * @param at when it happened, on the emulator clock
 */
public record HandshakeObservation(@Nullable String clientId, @Nullable String accessToken, Map<String, Object> ext,
        boolean successful, @Nullable String error, @Nullable String failureReason, Instant at) {

    @Override
    public String toString() {
        return "HandshakeObservation[clientId=" + this.clientId + ", accessToken="
                + (this.accessToken == null ? "none" : "****") + ", ext=" + this.ext + ", successful=" + this.successful
                + ", error=" + this.error + ", failureReason=" + this.failureReason + ", at=" + this.at + "]";
    }
}
