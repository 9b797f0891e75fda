package io.sfstream.core.auth;

import java.util.Map;

import io.sfstream.core.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PasswordAuthenticatorIntegrationTests {

    private final FakeTokenServer server = FakeTokenServer.start();

    @AfterEach
    void stopServer() {
        this.server.close();
    }

    @Test
    void sendsThePasswordGrantWithTheSecurityTokenAppended() {
        new PasswordAuthenticator(this.server.loginUrl(), "key", "secret", "user@example.com", "pw", "TOKEN")
            .authenticate();
        assertThat(this.server.lastRequest().form()).containsExactlyInAnyOrderEntriesOf(Map.of("grant_type", "password",
                "client_id", "key", "client_secret", "secret", "username", "user@example.com", "password", "pwTOKEN"));
    }

    @Test
    void sendsThePasswordAloneWhenTheIpRangeIsTrusted() {
        new PasswordAuthenticator(this.server.loginUrl(), "key", "secret", "user@example.com", "pw", null)
            .authenticate();
        assertThat(this.server.lastRequest().form()).containsEntry("password", "pw");
    }

    @Test
    void encodesSpecialCharactersOfTheForm() {
        new PasswordAuthenticator(this.server.loginUrl(), "key", "s&c=r+t", "user+1@example.com", "p ä%", "t&")
            .authenticate();
        assertThat(this.server.lastRequest().form()).containsEntry("client_secret", "s&c=r+t")
            .containsEntry("username", "user+1@example.com")
            .containsEntry("password", "p ä%t&");
    }

    @Test
    void anInvalidGrantSaysToCheckTheCredentialsAndTheIpRange() {
        this.server.answerJson(400, "{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}");
        assertThatExceptionOfType(AuthenticationException.class)
            .isThrownBy(new PasswordAuthenticator(this.server.loginUrl(), "key", "secret", "user@example.com", "pw",
                    "TOKEN")::authenticate)
            .withMessageContaining("check username, password and security token")
            .withMessageContaining("IP range trusted");
    }

    @Test
    void toStringShowsTheFlowTheLoginUrlTheConsumerKeyAndTheUsernameOnly() {
        PasswordAuthenticator authenticator = new PasswordAuthenticator(LoginUrl.PRODUCTION, "key", "secret",
                "user@example.com", "pw", "TOKEN");
        assertThat(authenticator).hasToString("PasswordAuthenticator[flow=username-password, "
                + "loginUrl=https://login.salesforce.com, consumerKey=key, username=user@example.com]");
    }

    @Test
    void aBlankUsernameIsRefusedWithoutShowingAnyValue() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new PasswordAuthenticator(LoginUrl.PRODUCTION, "key", "secret", " ", "pw", null))
            .withMessage("username must not be blank");
    }

}
