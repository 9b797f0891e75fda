package io.sfstream.emulator.internal.oauth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Supplier;

import io.sfstream.emulator.EmulatorClock;
import io.sfstream.emulator.internal.org.AccessTokens;
import io.sfstream.emulator.internal.org.ConnectedApp;
import io.sfstream.emulator.internal.org.Directory;
import io.sfstream.emulator.internal.org.IssuedToken;
import io.sfstream.emulator.internal.org.RefreshGrant;
import io.sfstream.emulator.internal.org.UserAccount;
import org.jspecify.annotations.Nullable;

/**
 * The four OAuth flows of the token endpoint, with Salesforce's error wording.
 *
 * <p>
 * Thread-safe.
 */
final class TokenGrants {

    static final String PASSWORD = "password";
    static final String REFRESH_TOKEN = "refresh_token";
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final String CLIENT_CREDENTIALS = "client_credentials";

    /**
     * Host name of the My Domain URL; every other host behaves like login.salesforce.com.
     */
    static final String MY_DOMAIN_HOST = "localhost";

    private final Directory directory;

    private final AccessTokens tokens;

    private final EmulatorClock clock;

    private final Supplier<List<URI>> ownUrls;

    TokenGrants(Directory directory, AccessTokens tokens, EmulatorClock clock, Supplier<List<URI>> ownUrls) {
        this.directory = directory;
        this.tokens = tokens;
        this.clock = clock;
        this.ownUrls = ownUrls;
    }

    IssuedToken grant(TokenRequest request) throws OAuthFailure {
        String grantType = request.grantType();
        if (grantType == null) {
            throw unsupportedGrantType();
        }
        return switch (grantType) {
            case PASSWORD -> password(request);
            case REFRESH_TOKEN -> refreshToken(request);
            case JWT_BEARER -> jwtBearer(request);
            case CLIENT_CREDENTIALS -> clientCredentials(request);
            default -> throw unsupportedGrantType();
        };
    }

    private IssuedToken password(TokenRequest request) throws OAuthFailure {
        ConnectedApp app = authenticatedApp(request.clientId(), request.clientSecret(), true);
        UserAccount user = this.directory.user(request.username()).orElseThrow(OAuthFailure::authenticationFailure);
        if (!equalSecrets(user.password() + user.securityToken(), request.password())) {
            throw OAuthFailure.authenticationFailure();
        }
        return issue(user, app);
    }

    private IssuedToken refreshToken(TokenRequest request) throws OAuthFailure {
        ConnectedApp app = authenticatedApp(request.clientId(), request.clientSecret(), false);
        RefreshGrant grant = this.directory.refreshGrant(request.refreshToken())
            .filter(g -> g.consumerKey().equals(app.consumerKey()))
            .orElseThrow(() -> new OAuthFailure("invalid_grant", "expired access/refresh token"));
        UserAccount user = this.directory.user(grant.username())
            .orElseThrow(() -> new OAuthFailure("invalid_grant", "expired access/refresh token"));
        return issue(user, app);
    }

    private IssuedToken jwtBearer(TokenRequest request) throws OAuthFailure {
        JwtAssertion assertion = JwtAssertion.parse(request.assertion());
        ConnectedApp app = this.directory.app(assertion.issuer()).orElseThrow(OAuthFailure::unknownClient);
        if (!assertion.hasAudienceIn(acceptedAudiences())) {
            throw new OAuthFailure("invalid_grant", "audience is invalid");
        }
        if (app.certificate() == null || !assertion.isSignedBy(app.certificate().getPublicKey())) {
            throw JwtAssertion.invalidAssertion();
        }
        if (assertion.isExpiredAt(this.clock.now())) {
            throw new OAuthFailure("invalid_grant", "expired authorization code");
        }
        UserAccount user = this.directory.user(assertion.subject())
            .orElseThrow(() -> new OAuthFailure("invalid_grant", "user hasn't approved this consumer"));
        return issue(user, app);
    }

    private IssuedToken clientCredentials(TokenRequest request) throws OAuthFailure {
        if (!MY_DOMAIN_HOST.equalsIgnoreCase(request.host())) {
            throw new OAuthFailure("invalid_grant", "request not supported on this domain");
        }
        ConnectedApp app = authenticatedApp(request.clientId(), request.clientSecret(), true);
        UserAccount user = this.directory.clientCredentialsUser(app.consumerKey())
            .orElseThrow(() -> new OAuthFailure("invalid_grant", "no client credentials user enabled"));
        return issue(user, app);
    }

    private ConnectedApp authenticatedApp(@Nullable String clientId, @Nullable String clientSecret,
            boolean secretRequired) throws OAuthFailure {
        ConnectedApp app = this.directory.app(clientId).orElseThrow(OAuthFailure::unknownClient);
        if ((secretRequired || clientSecret != null) && !equalSecrets(app.consumerSecret(), clientSecret)) {
            throw OAuthFailure.badClientSecret();
        }
        return app;
    }

    private List<String> acceptedAudiences() {
        List<String> own = this.ownUrls.get().stream().map(URI::toString).toList();
        return java.util.stream.Stream
            .concat(java.util.stream.Stream.of("https://login.salesforce.com", "https://test.salesforce.com"),
                    own.stream())
            .toList();
    }

    private IssuedToken issue(UserAccount user, ConnectedApp app) {
        return this.tokens.issue(user, app.consumerKey(), this.clock.now());
    }

    private static boolean equalSecrets(String expected, @Nullable String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private static OAuthFailure unsupportedGrantType() {
        return new OAuthFailure("unsupported_grant_type", "grant type not supported");
    }

}
