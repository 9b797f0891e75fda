package io.sfstream.core.auth;

import java.util.Map;

import io.sfstream.core.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RefreshTokenAuthenticatorIntegrationTests {

    private final FakeTokenServer server = FakeTokenServer.start();

    @AfterEach
    void stopServer() {
        this.server.close();
    }

    @Test
    void sendsTheRefreshTokenGrantWithTheSecret() {
        new RefreshTokenAuthenticator(this.server.loginUrl(), "key", "secret", "refresh").authenticate();
        assertThat(this.server.lastRequest().form()).containsExactlyInAnyOrderEntriesOf(Map.of("grant_type",
                "refresh_token", "refresh_token", "refresh", "client_id", "key", "client_secret", "secret"));
    }

    @Test
    void leavesOutTheSecretWhenTheAppDoesNotRequireIt() {
        new RefreshTokenAuthenticator(this.server.loginUrl(), "key", null, "refresh").authenticate();
        assertThat(this.server.lastRequest().form()).containsExactlyInAnyOrderEntriesOf(
                Map.of("grant_type", "refresh_token", "refresh_token", "refresh", "client_id", "key"));
    }

    @Test
    void anInvalidGrantSaysTheRefreshTokenMayBeRevoked() {
        this.server.answerJson(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}");
        assertThatExceptionOfType(AuthenticationException.class)
            .isThrownBy(new RefreshTokenAuthenticator(this.server.loginUrl(), "key", null, "refresh")::authenticate)
            .withMessageContaining("expired access/refresh token")
            .withMessageContaining("revoked");
    }

    @Test
    void toStringShowsNeitherTheRefreshTokenNorTheSecret() {
        assertThat(new RefreshTokenAuthenticator(LoginUrl.SANDBOX, "key", "secret", "refresh")).hasToString(
                "RefreshTokenAuthenticator[flow=refresh-token, loginUrl=https://test.salesforce.com, consumerKey=key]");
    }

}
