package io.sfstream.core.auth;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.sfstream.core.http.HttpSettings;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth 2.0 JWT bearer flow
 * ({@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}): an RS256-signed
 * assertion with {@code iss} = consumer key, {@code sub} = username, {@code aud} = the
 * login host (or the given audience) and {@code exp} a few minutes ahead, signed with the
 * private key of the connected app's certificate. Load the key with {@link PrivateKeys}.
 *
 * <p>
 * Thread-safe. {@code toString()} never shows the key.
 */
public final class JwtBearerAuthenticator implements Authenticator {

    static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(3);

    private static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final LoginUrl loginUrl;

    private final String consumerKey;

    private final String username;

    private final PrivateKey privateKey;

    private final String audience;

    private final TokenEndpoint endpoint;

    private final Clock clock;

    /**
     * Creates the authenticator; token requests use the JVM's proxy system properties and
     * default trust store ({@link HttpSettings#systemDefault()}).
     * @param loginUrl the token host
     * @param consumerKey the connected app's consumer key ({@code iss})
     * @param username the Salesforce username ({@code sub})
     * @param privateKey the RSA private key matching the connected app's certificate
     * @param audience the {@code aud} claim, or {@code null} for the login URL itself
     * (with {@code https://login.salesforce.com} or {@code https://test.salesforce.com}
     * for My Domain hosts of production and sandbox orgs)
     * @throws IllegalArgumentException if the key is not an RSA key, or a text argument
     * is blank
     */
    public JwtBearerAuthenticator(LoginUrl loginUrl, String consumerKey, String username, PrivateKey privateKey,
            @Nullable String audience) {
        this(loginUrl, consumerKey, username, privateKey, audience, TokenEndpoint.standard(), Clock.systemUTC());
    }

    /**
     * Creates the authenticator whose token requests cross the given proxy and trust the
     * given TLS context.
     * @param loginUrl the token host
     * @param consumerKey the connected app's consumer key ({@code iss})
     * @param username the Salesforce username ({@code sub})
     * @param privateKey the RSA private key matching the connected app's certificate
     * @param audience the {@code aud} claim, or {@code null} for the default
     * @param http the proxy, TLS context and connect timeout, as the streaming client's
     * @throws IllegalArgumentException if the key is not an RSA key, or a text argument
     * is blank
     */
    public JwtBearerAuthenticator(LoginUrl loginUrl, String consumerKey, String username, PrivateKey privateKey,
            @Nullable String audience, HttpSettings http) {
        this(loginUrl, consumerKey, username, privateKey, audience,
                TokenEndpoint.of(Objects.requireNonNull(http, "http")), Clock.systemUTC());
    }

    JwtBearerAuthenticator(LoginUrl loginUrl, String consumerKey, String username, PrivateKey privateKey,
            @Nullable String audience, TokenEndpoint endpoint, Clock clock) {
        this.loginUrl = Objects.requireNonNull(loginUrl, "loginUrl");
        this.consumerKey = Credentials.required(consumerKey, "consumerKey");
        this.username = Credentials.required(username, "username");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        if (!"RSA".equalsIgnoreCase(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("the JWT bearer flow needs an RSA private key (RS256), not a "
                    + privateKey.getAlgorithm() + " key");
        }
        this.audience = (audience == null || audience.isBlank()) ? defaultAudience(loginUrl) : audience;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    /**
     * Returns the {@code aud} claim used when none is given:
     * {@code https://test.salesforce.com} for {@code test.salesforce.com} and sandbox My
     * Domain hosts ({@code *.sandbox.my.salesforce.com}),
     * {@code https://login.salesforce.com} for {@code login.salesforce.com} and other My
     * Domain hosts ({@code *.my.salesforce.com}), and the login URL itself for any other
     * host, such as the emulator's.
     * @param loginUrl the token host
     * @return the default audience
     */
    public static String defaultAudience(LoginUrl loginUrl) {
        String host = Objects.requireNonNull(loginUrl.uri().getHost()).toLowerCase(Locale.ROOT);
        if (host.equals("test.salesforce.com") || host.endsWith(".sandbox.my.salesforce.com")) {
            return LoginUrl.SANDBOX.uri().toString();
        }
        if (host.equals("login.salesforce.com") || host.endsWith(".my.salesforce.com")) {
            return LoginUrl.PRODUCTION.uri().toString();
        }
        return loginUrl.uri().toString();
    }

    /**
     * Signs a new assertion, valid for three minutes, and exchanges it for an access
     * token. Each call is independent: a failure leaves nothing behind, and the next call
     * tries again.
     * @return the new access token
     * @throws io.sfstream.core.AuthenticationException when Salesforce refuses the
     * assertion or cannot be reached
     */
    @Override
    public AccessToken authenticate() {
        String assertion = JwtAssertion.create(this.consumerKey, this.username, this.audience,
                this.clock.instant().plus(ASSERTION_LIFETIME), this.privateKey);
        Map<String, String> form = new LinkedHashMap<>();
        // The signature in the middle: Jetty's DEBUG logging shows a body's first and
        // last
        // bytes (here the assertion's header and the grant type).
        form.put("assertion", assertion);
        form.put("grant_type", GRANT_TYPE);
        return this.endpoint.requestToken(GrantFlow.JWT_BEARER, this.loginUrl, form);
    }

    @Override
    public String toString() {
        return "JwtBearerAuthenticator[flow=" + GrantFlow.JWT_BEARER + ", loginUrl=" + this.loginUrl.uri()
                + ", consumerKey=" + this.consumerKey + ", username=" + this.username + ", audience=" + this.audience
                + "]";
    }

}
