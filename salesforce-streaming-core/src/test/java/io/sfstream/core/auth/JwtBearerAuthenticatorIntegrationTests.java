package io.sfstream.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import io.sfstream.core.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class JwtBearerAuthenticatorIntegrationTests {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final FakeTokenServer server = FakeTokenServer.start();

    @AfterEach
    void stopServer() {
        this.server.close();
    }

    @Test
    void sendsTheJwtBearerGrantWithOnlyTheAssertion() {
        authenticator(null).authenticate();
        assertThat(this.server.lastRequest().form()).containsOnlyKeys("grant_type", "assertion")
            .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
    }

    @Test
    void theAssertionIsSignedWithRs256AndVerifiesWithThePublicKey() throws Exception {
        authenticator(null).authenticate();
        String[] parts = receivedAssertion().split("\\.", -1);
        assertThat(parts).hasSize(3);
        assertThat(String.join("", parts)).doesNotContain("=", "+", "/");
        assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"RS256\"}");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(TestKeys.RSA.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void theClaimsNameTheAppTheUserTheLoginUrlAndExpireInThreeMinutes() {
        authenticator(null).authenticate();
        JsonNode claims = claims(receivedAssertion());
        assertThat(claims.get("iss").asString()).isEqualTo("consumer-key");
        assertThat(claims.get("sub").asString()).isEqualTo("user@example.com");
        assertThat(claims.get("aud").asString()).isEqualTo(this.server.loginUrl().uri().toString());
        assertThat(claims.get("exp").asLong()).isCloseTo(Instant.now().plusSeconds(180).getEpochSecond(), within(10L));
    }

    @Test
    void expiryIsThreeMinutesAfterTheClocksNow() {
        Instant now = Instant.parse("2026-05-01T12:00:00Z");
        new JwtBearerAuthenticator(this.server.loginUrl(), "consumer-key", "user@example.com",
                TestKeys.RSA.getPrivate(), null, TokenEndpoint.standard(), Clock.fixed(now, ZoneOffset.UTC))
            .authenticate();
        assertThat(claims(receivedAssertion()).get("exp").asLong()).isEqualTo(now.getEpochSecond() + 180);
    }

    @Test
    void aGivenAudienceIsUsed() {
        authenticator("https://test.salesforce.com").authenticate();
        assertThat(claims(receivedAssertion()).get("aud").asString()).isEqualTo("https://test.salesforce.com");
    }

    @Test
    void eachCallSignsANewAssertion() throws InterruptedException {
        JwtBearerAuthenticator authenticator = authenticator(null);
        authenticator.authenticate();
        String first = receivedAssertion();
        Thread.sleep(1100);
        authenticator.authenticate();
        assertThat(receivedAssertion()).isNotEqualTo(first);
    }

    @ParameterizedTest
    @CsvSource({ "https://login.salesforce.com, https://login.salesforce.com",
            "https://test.salesforce.com, https://test.salesforce.com",
            "https://acme.my.salesforce.com, https://login.salesforce.com",
            "https://acme--dev.sandbox.my.salesforce.com, https://test.salesforce.com",
            "https://ACME--UAT.SANDBOX.MY.SALESFORCE.COM, https://test.salesforce.com",
            "http://localhost:8443, http://localhost:8443", "http://127.0.0.1:9000/, http://127.0.0.1:9000",
            "https://login.example.org, https://login.example.org" })
    void theDefaultAudienceDependsOnTheKindOfLoginUrl(String loginUrl, String audience) {
        assertThat(JwtBearerAuthenticator.defaultAudience(LoginUrl.of(loginUrl))).isEqualTo(audience);
    }

    @Test
    void aRefusedAssertionSaysWhatToCheck() {
        this.server.answerJson(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"user hasn't approved this consumer\"}");
        assertThatExceptionOfType(AuthenticationException.class).isThrownBy(authenticator(null)::authenticate)
            .withMessageContaining("user hasn't approved this consumer")
            .withMessageContaining("pre-authorized")
            .withMessageContaining("certificate");
    }

    @Test
    void aKeyThatIsNotRsaIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        PrivateKey ecKey = generator.generateKeyPair().getPrivate();
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new JwtBearerAuthenticator(LoginUrl.PRODUCTION, "key", "user", ecKey, null))
            .withMessageContaining("RSA");
    }

    @Test
    void toStringShowsNoKey() {
        assertThat(new JwtBearerAuthenticator(LoginUrl.of("https://acme.my.salesforce.com"), "key", "user@example.com",
                TestKeys.RSA.getPrivate(), null))
            .hasToString("JwtBearerAuthenticator[flow=JWT bearer, loginUrl=https://acme.my.salesforce.com, "
                    + "consumerKey=key, username=user@example.com, audience=https://login.salesforce.com]");
    }

    private JwtBearerAuthenticator authenticator(String audience) {
        return new JwtBearerAuthenticator(this.server.loginUrl(), "consumer-key", "user@example.com",
                TestKeys.RSA.getPrivate(), audience);
    }

    private String receivedAssertion() {
        return this.server.lastRequest().form().get("assertion");
    }

    private static JsonNode claims(String assertion) {
        return json.readTree(decode(assertion.split("\\.")[1]));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

}
