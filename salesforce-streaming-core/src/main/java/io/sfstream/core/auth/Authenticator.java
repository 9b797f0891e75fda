package io.sfstream.core.auth;

import io.sfstream.core.AuthenticationException;

/**
 * Obtains an access token and the instance URL for the Streaming API. The client calls
 * {@link #authenticate()} when it opens, and again whenever Salesforce says the token is
 * no longer valid ({@code 401::Authentication invalid}, or {@code 403::Handshake denied}
 * with that failure reason).
 *
 * <p>
 * Implementations must be thread-safe and must never put a secret in a log line, an
 * exception message or {@code toString()}.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * Requests a new access token. Every call asks for a fresh one: the client calls it
     * only when the current token was refused.
     * @return the new access token with the instance URL to use
     * @throws AuthenticationException when the token endpoint refuses the credentials or
     * cannot be reached; see {@link AuthenticationException#isTransient()}
     */
    AccessToken authenticate();

}
