package io.sfstream.emulator;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A request to the token endpoint. Holds no secret: no password, client secret, assertion
 * or token.
 *
 * @param grantType the {@code grant_type} sent, {@code null} when missing
 * @param clientId the consumer key sent (or the JWT {@code iss}), {@code null} when none
 * @param username the username sent (or the JWT {@code sub}), {@code null} when none
 * @param host the host name the request was addressed to ({@code 127.0.0.1} login host or
 * {@code localhost} My Domain)
 * @param httpStatus the HTTP status answered
 * @param error the OAuth {@code error} answered, {@code null} on success
 * @param at when it happened, on the emulator clock
 */
public record TokenRequestObservation(@Nullable String grantType, @Nullable String clientId, @Nullable String username,
        String host, int httpStatus, @Nullable String error, Instant at) {

    /**
     * Returns whether a token was issued.
     * @return {@code true} on HTTP 200
     */
    public boolean successful() {
        return this.httpStatus == 200;
    }
}
