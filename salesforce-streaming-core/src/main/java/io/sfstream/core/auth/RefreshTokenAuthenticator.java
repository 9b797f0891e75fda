package io.sfstream.core.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.sfstream.core.http.HttpSettings;
import org.jspecify.annotations.Nullable;

/**
 * The refresh-token OAuth flow ({@code grant_type=refresh_token}), for a refresh token
 * obtained earlier by an interactive flow.
 *
 * <p>
 * Thread-safe. {@code toString()} never shows the refresh token or the secret.
 */
public final class RefreshTokenAuthenticator implements Authenticator {

    private final LoginUrl loginUrl;

    private final String consumerKey;

    private final @Nullable String consumerSecret;

    private final String refreshToken;

    private final TokenEndpoint endpoint;

    /**
     * Creates the authenticator; token requests use the JVM's proxy system properties and
     * default trust store ({@link HttpSettings#systemDefault()}).
     * @param loginUrl the token host
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the consumer secret, or {@code null} when the app does not
     * require it
     * @param refreshToken the refresh token
     */
    public RefreshTokenAuthenticator(LoginUrl loginUrl, String consumerKey, @Nullable String consumerSecret,
            String refreshToken) {
        this(loginUrl, consumerKey, consumerSecret, refreshToken, TokenEndpoint.standard());
    }

    /**
     * Creates the authenticator whose token requests cross the given proxy and trust the
     * given TLS context.
     * @param loginUrl the token host
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the consumer secret, or {@code null}
     * @param refreshToken the refresh token
     * @param http the proxy, TLS context and connect timeout, as the streaming client's
     */
    public RefreshTokenAuthenticator(LoginUrl loginUrl, String consumerKey, @Nullable String consumerSecret,
            String refreshToken, HttpSettings http) {
        this(loginUrl, consumerKey, consumerSecret, refreshToken,
                TokenEndpoint.of(Objects.requireNonNull(http, "http")));
    }

    RefreshTokenAuthenticator(LoginUrl loginUrl, String consumerKey, @Nullable String consumerSecret,
            String refreshToken, TokenEndpoint endpoint) {
        this.loginUrl = Objects.requireNonNull(loginUrl, "loginUrl");
        this.consumerKey = Credentials.required(consumerKey, "consumerKey");
        this.consumerSecret = (consumerSecret == null || consumerSecret.isBlank()) ? null : consumerSecret;
        this.refreshToken = Credentials.required(refreshToken, "refreshToken");
        this.endpoint = endpoint;
    }

    /**
     * Requests a new access token with the refresh token; {@code client_secret} is sent
     * only when one was given. Each call is independent: a failure leaves nothing behind,
     * and the next call tries again.
     * @return the new access token
     * @throws io.sfstream.core.AuthenticationException when Salesforce refuses the
     * refresh token or cannot be reached
     */
    @Override
    public AccessToken authenticate() {
        Map<String, String> form = new LinkedHashMap<>();
        // Secrets in the middle: Jetty's DEBUG logging shows a body's first and last
        // bytes.
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", this.refreshToken);
        if (this.consumerSecret != null) {
            form.put("client_secret", this.consumerSecret);
        }
        form.put("client_id", this.consumerKey);
        return this.endpoint.requestToken(GrantFlow.REFRESH_TOKEN, this.loginUrl, form);
    }

    @Override
    public String toString() {
        return "RefreshTokenAuthenticator[flow=" + GrantFlow.REFRESH_TOKEN + ", loginUrl=" + this.loginUrl.uri()
                + ", consumerKey=" + this.consumerKey + "]";
    }

}
