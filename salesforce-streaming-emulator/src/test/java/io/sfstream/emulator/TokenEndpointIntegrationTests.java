package io.sfstream.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TokenEndpointIntegrationTests {

    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    @TempDir
    static Path keys;
    static JwtFixture jwt;
    static JwtFixture stranger;
    static SalesforceEmulator emulator;

    // Not @EmbeddedSalesforce: it cannot declare users, apps, tokens or a clock.
    @BeforeAll
    static void start() throws Exception {
        jwt = JwtFixture.create(keys, "app");
        stranger = JwtFixture.create(keys, "stranger");
        emulator = SalesforceEmulator.builder()
            .user("user@example.com", "password", "SECURITYTOKEN")
            .connectedApp("consumer-key", "consumer-secret")
            .connectedApp("jwt-key", "jwt-secret", jwt.certificate)
            .refreshToken("refresh-token-value", "consumer-key", "user@example.com")
            .clientCredentialsUser("consumer-key", "user@example.com")
            .clock(EmulatorClock.fixedAt(Instant.parse("2026-11-20T13:44:56.891Z")))
            .start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void resetFaults() {
        emulator.faults().reset();
    }

    @Test
    void passwordFlowWithPasswordAndSecurityTokenAnswersInSalesforcesShape() throws Exception {
        TokenHttp.Reply reply = TokenHttp.post(emulator.loginUrl(), password("passwordSECURITYTOKEN"));

        assertThat(reply.status()).isEqualTo(200);
        Map<String, Object> json = reply.json();
        assertThat(json).containsOnlyKeys("access_token", "instance_url", "id", "token_type", "issued_at", "signature");
        assertThat(json).containsEntry("token_type", "Bearer")
            .containsEntry("instance_url", emulator.myDomainUrl().toString())
            .containsEntry("issued_at", Long.toString(Instant.parse("2026-11-20T13:44:56.891Z").toEpochMilli()));
        assertThat((String) json.get("id")).matches(".*/id/" + emulator.orgId() + "/005[A-Za-z0-9]{15}");
        assertThat(emulator.orgId()).hasSize(18).startsWith("00D");
        assertThat((String) json.get("access_token")).startsWith(emulator.orgId().substring(0, 15) + "!");
    }

    @Test
    void aTokenFromTheEndpointOpensABayeuxSession() throws Exception {
        String token = (String) TokenHttp.post(emulator.loginUrl(), password("passwordSECURITYTOKEN"))
            .json()
            .get("access_token");

        assertThat(new RawBayeux(emulator.cometdUrl("64.0"), token).handshake()).containsEntry("successful", true);
    }

    @Test
    void passwordFlowWithoutTheSecurityTokenFailsWithAuthenticationFailure() throws Exception {
        assertError(TokenHttp.post(emulator.loginUrl(), password("password")), "invalid_grant",
                "authentication failure");
    }

    @Test
    void unknownConsumerKeyIsAnInvalidClientIdentifier() throws Exception {
        Map<String, String> form = new java.util.HashMap<>(password("passwordSECURITYTOKEN"));
        form.put("client_id", "nope");
        assertError(TokenHttp.post(emulator.loginUrl(), form), "invalid_client_id", "client identifier invalid");
    }

    @Test
    void wrongConsumerSecretIsInvalidClientCredentials() throws Exception {
        Map<String, String> form = new java.util.HashMap<>(password("passwordSECURITYTOKEN"));
        form.put("client_secret", "nope");
        assertError(TokenHttp.post(emulator.loginUrl(), form), "invalid_client", "invalid client credentials");
    }

    @Test
    void refreshTokenFlowWorksWithoutTheClientSecret() throws Exception {
        TokenHttp.Reply reply = TokenHttp.post(emulator.loginUrl(), Map.of("grant_type", "refresh_token",
                "refresh_token", "refresh-token-value", "client_id", "consumer-key"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).containsKey("access_token");
    }

    @Test
    void unknownRefreshTokenIsAnExpiredRefreshToken() throws Exception {
        assertError(
                TokenHttp
                    .post(emulator.loginUrl(),
                            Map.of("grant_type", "refresh_token", "refresh_token", "other", "client_id", "consumer-key",
                                    "client_secret", "consumer-secret")),
                "invalid_grant", "expired access/refresh token");
    }

    @Test
    void jwtBearerAssertionSignedWithTheAppsKeyIsAccepted() throws Exception {
        TokenHttp.Reply reply = TokenHttp.post(emulator.loginUrl(), Map.of("grant_type", JWT_BEARER, "assertion",
                jwt.sign(claims("jwt-key", "https://login.salesforce.com", 300))));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).containsEntry("instance_url", emulator.myDomainUrl().toString());
    }

    @Test
    void jwtBearerAcceptsTheEmulatorsOwnUrlsAsAudience() throws Exception {
        assertThat(
                TokenHttp.post(emulator.myDomainUrl(),
                        Map.of("grant_type", JWT_BEARER, "assertion",
                                jwt.sign(claims("jwt-key", emulator.myDomainUrl().toString(), 300))))
                    .status())
            .isEqualTo(200);
    }

    @Test
    void jwtBearerAssertionSignedWithAnotherKeyIsAnInvalidAssertion() throws Exception {
        assertError(
                TokenHttp.post(emulator.loginUrl(),
                        Map.of("grant_type", JWT_BEARER, "assertion",
                                stranger.sign(claims("jwt-key", "https://login.salesforce.com", 300)))),
                "invalid_grant", "invalid assertion");
    }

    @Test
    void jwtBearerAssertionPastItsExpiryOnTheEmulatorClockIsRefused() throws Exception {
        assertError(
                TokenHttp.post(emulator.loginUrl(),
                        Map.of("grant_type", JWT_BEARER, "assertion",
                                jwt.sign(claims("jwt-key", "https://test.salesforce.com", -10)))),
                "invalid_grant", "expired authorization code");
    }

    @Test
    void jwtBearerAssertionForAnotherAudienceIsRefused() throws Exception {
        assertError(
                TokenHttp.post(emulator.loginUrl(),
                        Map.of("grant_type", JWT_BEARER, "assertion",
                                jwt.sign(claims("jwt-key", "https://example.com", 300)))),
                "invalid_grant", "audience is invalid");
    }

    @Test
    void clientCredentialsWorkOnTheMyDomainHost() throws Exception {
        TokenHttp.Reply reply = TokenHttp.post(emulator.myDomainUrl(), clientCredentials());
        assertThat(reply.status()).isEqualTo(200);
        assertThat((String) reply.json().get("id")).startsWith(emulator.myDomainUrl() + "/id/");
    }

    @Test
    void clientCredentialsAreNotSupportedOnTheLoginHost() throws Exception {
        assertError(TokenHttp.post(emulator.loginUrl(), clientCredentials()), "invalid_grant",
                "request not supported on this domain");
    }

    @Test
    void anUnknownGrantTypeIsNotSupported() throws Exception {
        assertError(TokenHttp.post(emulator.loginUrl(), Map.of("grant_type", "authorization_code")),
                "unsupported_grant_type", "grant type not supported");
    }

    @Test
    void aFlakyTokenEndpointAnswers503ForTheArmedNumberOfRequests() throws Exception {
        emulator.faults().failNextTokenRequests(2);

        assertThat(TokenHttp.post(emulator.loginUrl(), password("passwordSECURITYTOKEN")).status()).isEqualTo(503);
        assertThat(TokenHttp.post(emulator.loginUrl(), password("passwordSECURITYTOKEN")).status()).isEqualTo(503);
        assertThat(TokenHttp.post(emulator.loginUrl(), password("passwordSECURITYTOKEN")).status()).isEqualTo(200);
    }

    @Test
    void tokenRequestsAreObservedWithoutSecrets() throws Exception {
        emulator.observations().clear();
        TokenHttp.post(emulator.loginUrl(), password("wrongSECURITYTOKEN"));

        assertThat(emulator.observations().tokenRequests()).singleElement().satisfies(observed -> {
            assertThat(observed.grantType()).isEqualTo("password");
            assertThat(observed.username()).isEqualTo("user@example.com");
            assertThat(observed.error()).isEqualTo("invalid_grant");
            assertThat(observed.toString()).doesNotContain("wrongSECURITYTOKEN", "consumer-secret");
        });
    }

    @Test
    void defaultEmulatorAcceptsTheDocumentedDemoCredentials() throws Exception {
        try (SalesforceEmulator defaults = SalesforceEmulator.builder().start()) {
            TokenHttp.Reply reply = TokenHttp.post(defaults.loginUrl(),
                    Map.of("grant_type", "password", "client_id", EmulatorDefaults.CONSUMER_KEY, "client_secret",
                            EmulatorDefaults.CONSUMER_SECRET, "username", EmulatorDefaults.USERNAME, "password",
                            EmulatorDefaults.PASSWORD + EmulatorDefaults.SECURITY_TOKEN));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(TokenHttp
                .post(defaults.myDomainUrl(), Map.of("grant_type", "client_credentials", "client_id",
                        EmulatorDefaults.CONSUMER_KEY, "client_secret", EmulatorDefaults.CONSUMER_SECRET))
                .status()).isEqualTo(200);
        }
    }

    private static Map<String, String> password(String passwordAndToken) {
        return Map.of("grant_type", "password", "client_id", "consumer-key", "client_secret", "consumer-secret",
                "username", "user@example.com", "password", passwordAndToken);
    }

    private static Map<String, String> clientCredentials() {
        return Map.of("grant_type", "client_credentials", "client_id", "consumer-key", "client_secret",
                "consumer-secret");
    }

    private static String claims(String issuer, String audience, long expiresInSeconds) {
        long exp = emulator.clock().now().plus(Duration.ofSeconds(expiresInSeconds)).getEpochSecond();
        return "{\"iss\":\"" + issuer + "\",\"sub\":\"user@example.com\",\"aud\":\"" + audience + "\",\"exp\":" + exp
                + "}";
    }

    private static void assertError(TokenHttp.Reply reply, String error, String description) {
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json()).containsOnly(Map.entry("error", error), Map.entry("error_description", description));
    }

}
