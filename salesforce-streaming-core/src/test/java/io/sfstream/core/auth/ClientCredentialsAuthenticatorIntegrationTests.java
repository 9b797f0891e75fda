package io.sfstream.core.auth;

import java.util.Map;

import io.sfstream.core.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClientCredentialsAuthenticatorIntegrationTests {

    private final FakeTokenServer server = FakeTokenServer.start();

    @AfterEach
    void stopServer() {
        this.server.close();
    }

    @Test
    void sendsTheClientCredentialsGrant() {
        new ClientCredentialsAuthenticator(this.server.loginUrl(), "key", "secret").authenticate();
        assertThat(this.server.lastRequest().form()).containsExactlyInAnyOrderEntriesOf(
                Map.of("grant_type", "client_credentials", "client_id", "key", "client_secret", "secret"));
    }

    @Test
    void anUnsupportedDomainSaysToUseTheMyDomainUrl() {
        this.server.answerJson(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"request not supported on this domain\"}");
        assertThatExceptionOfType(AuthenticationException.class)
            .isThrownBy(new ClientCredentialsAuthenticator(this.server.loginUrl(), "key", "secret")::authenticate)
            .withMessageContaining("request not supported on this domain")
            .withMessageContaining("My Domain URL");
    }

    @Test
    void toStringShowsNoSecret() {
        assertThat(new ClientCredentialsAuthenticator(LoginUrl.of("https://acme.my.salesforce.com"), "key", "secret"))
            .hasToString("ClientCredentialsAuthenticator[flow=client-credentials, "
                    + "loginUrl=https://acme.my.salesforce.com, consumerKey=key]");
    }

}
