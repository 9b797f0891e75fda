package io.sfstream.core.auth;

import org.jspecify.annotations.Nullable;

/**
 * The refresh-token OAuth flow ({@code grant_type=refresh_token}), for a refresh token obtained earlier by an
 * interactive flow.
 *
 * <p>Thread-safe. {@code toString()} never shows the refresh token or the secret.
 */
public final class RefreshTokenAuthenticator implements Authenticator {

    /**
     * Creates the authenticator.
     *
     * @param loginUrl the token host
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the consumer secret, or {@code null} when the app does not require it
     * @param refreshToken the refresh token
     */
    public RefreshTokenAuthenticator(LoginUrl loginUrl, String consumerKey, @Nullable String consumerSecret,
            String refreshToken) {
        throw new UnsupportedOperationException("to be implemented");
    }

    @Override
    public AccessToken authenticate() {
        throw new UnsupportedOperationException("to be implemented");
    }
}
