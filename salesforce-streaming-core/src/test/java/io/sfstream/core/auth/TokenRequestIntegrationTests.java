package io.sfstream.core.auth;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import io.sfstream.core.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What every authenticator does with the token endpoint's answers, run for each of the
 * four flows against a real HTTP server on loopback.
 */
class TokenRequestIntegrationTests {

    static final String PASSWORD = "pa55-w0rd";

    static final String SECURITY_TOKEN = "SecTok3nXYZ";

    static final String CONSUMER_SECRET = "c0nsumer-secret-1234";

    static final String REFRESH_TOKEN = "5Aep861refresh.token.value";

    private static final TokenEndpoint FAST = new TokenEndpoint(Duration.ofSeconds(5), Duration.ofMillis(500));

    private final FakeTokenServer server = FakeTokenServer.start();

    @AfterEach
    void stopServer() {
        this.server.close();
    }

    static Stream<Flow> flows() {
        return Stream.of(
                new Flow("username-password",
                        (url, endpoint) -> new PasswordAuthenticator(url, "consumer-key", CONSUMER_SECRET,
                                "user@example.com", PASSWORD, SECURITY_TOKEN, endpoint)),
                new Flow("refresh-token",
                        (url, endpoint) -> new RefreshTokenAuthenticator(url, "consumer-key", CONSUMER_SECRET,
                                REFRESH_TOKEN, endpoint)),
                new Flow("JWT bearer",
                        (url, endpoint) -> new JwtBearerAuthenticator(url, "consumer-key", "user@example.com",
                                TestKeys.RSA.getPrivate(), null, endpoint, Clock.systemUTC())),
                new Flow("client-credentials", (url, endpoint) -> new ClientCredentialsAuthenticator(url,
                        "consumer-key", CONSUMER_SECRET, endpoint)));
    }

    @ParameterizedTest
    @MethodSource("flows")
    void postsAFormToTheTokenEndpoint(Flow flow) {
        flow.create(this.server.loginUrl()).authenticate();
        FakeTokenServer.RecordedRequest request = this.server.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/services/oauth2/token");
        assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
    }

    @ParameterizedTest
    @MethodSource("flows")
    void parsesASalesforceTokenAnswer(Flow flow) {
        AccessToken token = flow.create(this.server.loginUrl()).authenticate();
        assertThat(token.value()).isEqualTo(FakeTokenServer.ACCESS_TOKEN);
        assertThat(token.instanceUrl()).isEqualTo(URI.create("https://acme.my.salesforce.com"));
        assertThat(token.issuedAt()).isEqualTo(Instant.ofEpochMilli(Long.parseLong(FakeTokenServer.ISSUED_AT)));
        assertThat(token.orgId()).isEqualTo(FakeTokenServer.ORG_ID);
    }

    @ParameterizedTest
    @MethodSource("flows")
    void toleratesAnAnswerWithoutOptionalFields(Flow flow) {
        this.server.answerJson(200, "{\"access_token\":\"tok\",\"instance_url\":\"https://na1.salesforce.com\"}");
        AccessToken token = flow.create(this.server.loginUrl()).authenticate();
        assertThat(token).isEqualTo(new AccessToken("tok", URI.create("https://na1.salesforce.com"), null, null));
    }

    @ParameterizedTest
    @MethodSource("flows")
    void anInvalidGrantIsAPermanentFailureWithSalesforcesErrorAndAHint(Flow flow) {
        this.server.answerJson(400, "{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}");
        AuthenticationException failure = authenticateFails(flow);
        assertThat(failure.httpStatus()).isEqualTo(400);
        assertThat(failure.error()).isEqualTo("invalid_grant");
        assertThat(failure.errorDescription()).isEqualTo("authentication failure");
        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.getMessage()).contains(flow.name(), "HTTP 400", "invalid_grant", "authentication failure",
                this.server.loginUrl().tokenEndpoint().toString(), "check");
        assertNoSecretIn(failure);
    }

    @ParameterizedTest
    @MethodSource("flows")
    void anInvalidClientIdSaysToCheckTheConsumerKey(Flow flow) {
        this.server.answerJson(400,
                "{\"error\":\"invalid_client_id\",\"error_description\":\"client identifier invalid\"}");
        AuthenticationException failure = authenticateFails(flow);
        assertThat(failure.error()).isEqualTo("invalid_client_id");
        assertThat(failure.getMessage()).contains("client identifier invalid", "check the consumer key");
        assertThat(failure.isTransient()).isFalse();
        assertNoSecretIn(failure);
    }

    @ParameterizedTest
    @MethodSource("flows")
    void anUnauthorizedAnswerIsAPermanentFailure(Flow flow) {
        this.server.answerJson(401,
                "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}");
        AuthenticationException failure = authenticateFails(flow);
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.error()).isEqualTo("invalid_client");
        assertThat(failure.errorDescription()).isEqualTo("invalid client credentials");
        assertThat(failure.isTransient()).isFalse();
        assertNoSecretIn(failure);
    }

    @ParameterizedTest
    @MethodSource("flows")
    void aServerErrorWithAnHtmlBodyIsTransientAndReportsTheStatusOnly(Flow flow) {
        this.server.answer(500, "text/html", "<html><body>Internal Server Error</body></html>");
        AuthenticationException failure = authenticateFails(flow);
        assertThat(failure.httpStatus()).isEqualTo(500);
        assertThat(failure.error()).isNull();
        assertThat(failure.errorDescription()).isNull();
        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.getMessage()).contains("HTTP 500", "retry later").doesNotContain("<html>");
        assertNoSecretIn(failure);
    }

    @ParameterizedTest
    @MethodSource("flows")
    void aRefusedConnectionIsTransient(Flow flow) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        AuthenticationException failure = catchThrowableOfType(
                () -> flow.create(LoginUrl.of("http://127.0.0.1:" + port)).authenticate(),
                AuthenticationException.class);
        assertThat(failure).isNotNull();
        assertThat(failure.httpStatus()).isZero();
        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.getCause()).isInstanceOf(IOException.class);
        assertThat(failure.getMessage()).contains(flow.name(), "http://127.0.0.1:" + port + "/services/oauth2/token");
        assertNoSecretIn(failure);
    }

    @ParameterizedTest
    @MethodSource("flows")
    void noAnswerWithinTheRequestTimeoutIsTransient(Flow flow) {
        this.server.answerAfter(Duration.ofSeconds(10));
        long start = System.nanoTime();
        AuthenticationException failure = authenticateFails(flow);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.getCause()).isInstanceOf(TimeoutException.class);
        assertThat(failure.getMessage()).contains("no answer");
        assertNoSecretIn(failure);
    }

    @ParameterizedTest
    @MethodSource("flows")
    void anAnswerWithoutAccessTokenIsAFailure(Flow flow) {
        this.server.answerJson(200, "{\"instance_url\":\"https://na1.salesforce.com\"}");
        AuthenticationException failure = authenticateFails(flow);
        assertThat(failure.getMessage()).contains("no access_token");
        assertThat(failure.httpStatus()).isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource("flows")
    void anAnswerWithoutInstanceUrlIsAFailureThatDoesNotShowTheToken(Flow flow) {
        this.server.answerJson(200, "{\"access_token\":\"" + FakeTokenServer.ACCESS_TOKEN + "\"}");
        AuthenticationException failure = authenticateFails(flow);
        assertThat(failure.getMessage()).contains("no instance_url").doesNotContain(FakeTokenServer.ACCESS_TOKEN);
    }

    @ParameterizedTest
    @MethodSource("flows")
    void anAnswerThatIsNotJsonIsAFailure(Flow flow) {
        this.server.answer(200, "text/html", "<html>login page</html>");
        assertThat(authenticateFails(flow).getMessage()).contains("not a JSON object");
    }

    @ParameterizedTest
    @MethodSource("flows")
    void aPlainHttpInstanceUrlOutsideLoopbackIsRefused(Flow flow) {
        this.server.answerJson(200, "{\"access_token\":\"tok\",\"instance_url\":\"http://na1.salesforce.com\"}");
        assertThat(authenticateFails(flow).getMessage()).contains("not an https URL");
    }

    @ParameterizedTest
    @MethodSource("flows")
    void theNextCallAfterAFailureTriesAgainAndSucceeds(Flow flow) {
        this.server.answerJson(400, "{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}")
            .answer(503, "text/plain", "Service Unavailable");
        Authenticator authenticator = flow.create(this.server.loginUrl());
        assertThat(catchThrowableOfType(authenticator::authenticate, AuthenticationException.class)).isNotNull();
        assertThat(catchThrowableOfType(authenticator::authenticate, AuthenticationException.class)).isNotNull();
        AccessToken token = authenticator.authenticate();
        assertThat(token.value()).isEqualTo(FakeTokenServer.ACCESS_TOKEN);
        assertThat(this.server.requests()).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("flows")
    void everyCallRequestsAFreshToken(Flow flow) {
        Authenticator authenticator = flow.create(this.server.loginUrl());
        authenticator.authenticate();
        authenticator.authenticate();
        assertThat(this.server.requests()).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("flows")
    void toStringShowsNoSecret(Flow flow) {
        String text = flow.create(this.server.loginUrl()).toString();
        assertThat(text).contains(flow.name(), this.server.loginUrl().uri().toString(), "consumer-key");
        assertThat(text).doesNotContain(PASSWORD, SECURITY_TOKEN, CONSUMER_SECRET, REFRESH_TOKEN);
    }

    private AuthenticationException authenticateFails(Flow flow) {
        AuthenticationException failure = catchThrowableOfType(() -> flow.create(this.server.loginUrl()).authenticate(),
                AuthenticationException.class);
        assertThat(failure).as("authenticate() throws AuthenticationException").isNotNull();
        return failure;
    }

    private void assertNoSecretIn(AuthenticationException failure) {
        List<String> secrets = new java.util.ArrayList<>(
                List.of(PASSWORD, SECURITY_TOKEN, CONSUMER_SECRET, REFRESH_TOKEN, "client_secret=", "password="));
        for (FakeTokenServer.RecordedRequest request : this.server.requests()) {
            String assertion = request.form().get("assertion");
            if (assertion != null) {
                secrets.add(assertion);
                secrets.add(assertion.substring(assertion.lastIndexOf('.') + 1));
            }
        }
        assertThat(failure.getMessage()).doesNotContain(secrets);
        assertThat(failure.toString()).doesNotContain(secrets);
    }

    record Flow(String name, BiFunction<LoginUrl, TokenEndpoint, Authenticator> factory) {

        Authenticator create(LoginUrl loginUrl) {
            return this.factory.apply(loginUrl, FAST);
        }

        @Override
        public String toString() {
            return this.name;
        }
    }

}
