package io.sfstream.core.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.sfstream.core.http.HttpSettings;
import org.jspecify.annotations.Nullable;

/**
 * The username-password OAuth flow ({@code grant_type=password}). The security token,
 * when given, is appended to the password as Salesforce requires for untrusted IP ranges.
 * Salesforce discourages this flow and admins may block it: prefer
 * {@link JwtBearerAuthenticator} or {@link ClientCredentialsAuthenticator} in production.
 *
 * <p>
 * Thread-safe. {@code toString()} shows the login URL and username only.
 */
public final class PasswordAuthenticator implements Authenticator {

    private final LoginUrl loginUrl;

    private final String consumerKey;

    private final String consumerSecret;

    private final String username;

    private final String password;

    private final @Nullable String securityToken;

    private final TokenEndpoint endpoint;

    /**
     * Creates the authenticator; token requests use the JVM's proxy system properties and
     * default trust store ({@link HttpSettings#systemDefault()}).
     * @param loginUrl the token host: {@link LoginUrl#PRODUCTION},
     * {@link LoginUrl#SANDBOX} or a My Domain URL
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the connected app's consumer secret
     * @param username the Salesforce username
     * @param password the user's password
     * @param securityToken the user's security token, or {@code null} when the IP range
     * is trusted
     */
    public PasswordAuthenticator(LoginUrl loginUrl, String consumerKey, String consumerSecret, String username,
            String password, @Nullable String securityToken) {
        this(loginUrl, consumerKey, consumerSecret, username, password, securityToken, TokenEndpoint.standard());
    }

    /**
     * Creates the authenticator whose token requests cross the given proxy and trust the
     * given TLS context.
     * @param loginUrl the token host
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the connected app's consumer secret
     * @param username the Salesforce username
     * @param password the user's password
     * @param securityToken the user's security token, or {@code null}
     * @param http the proxy, TLS context and connect timeout, as the streaming client's
     */
    public PasswordAuthenticator(LoginUrl loginUrl, String consumerKey, String consumerSecret, String username,
            String password, @Nullable String securityToken, HttpSettings http) {
        this(loginUrl, consumerKey, consumerSecret, username, password, securityToken,
                TokenEndpoint.of(Objects.requireNonNull(http, "http")));
    }

    PasswordAuthenticator(LoginUrl loginUrl, String consumerKey, String consumerSecret, String username,
            String password, @Nullable String securityToken, TokenEndpoint endpoint) {
        this.loginUrl = Objects.requireNonNull(loginUrl, "loginUrl");
        this.consumerKey = Credentials.required(consumerKey, "consumerKey");
        this.consumerSecret = Credentials.required(consumerSecret, "consumerSecret");
        this.username = Credentials.required(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.securityToken = securityToken;
        this.endpoint = endpoint;
    }

    /**
     * Requests a new access token with the username-password flow. Each call is
     * independent: a failure leaves nothing behind, and the next call tries again.
     * @return the new access token
     * @throws io.sfstream.core.AuthenticationException when Salesforce refuses the
     * credentials or cannot be reached
     */
    @Override
    public AccessToken authenticate() {
        // Secrets in the middle, between values that are not: Jetty's DEBUG logging of a
        // request body shows its first 25 and last 24 bytes.
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("password", (this.securityToken != null) ? this.password + this.securityToken : this.password);
        form.put("client_secret", this.consumerSecret);
        form.put("username", this.username);
        form.put("client_id", this.consumerKey);
        return this.endpoint.requestToken(GrantFlow.PASSWORD, this.loginUrl, form);
    }

    @Override
    public String toString() {
        return "PasswordAuthenticator[flow=" + GrantFlow.PASSWORD + ", loginUrl=" + this.loginUrl.uri()
                + ", consumerKey=" + this.consumerKey + ", username=" + this.username + "]";
    }

}
