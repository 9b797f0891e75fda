package io.sfstream.core.auth;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LoginUrlTests {

    @Test
    void theTokenEndpointIsUnderTheLoginUrl() {
        assertThat(LoginUrl.PRODUCTION.tokenEndpoint())
            .isEqualTo(URI.create("https://login.salesforce.com/services/oauth2/token"));
        assertThat(LoginUrl.SANDBOX.tokenEndpoint())
            .isEqualTo(URI.create("https://test.salesforce.com/services/oauth2/token"));
    }

    @Test
    void trailingSlashesAreStripped() {
        LoginUrl url = LoginUrl.of("https://acme.my.salesforce.com//");
        assertThat(url.uri()).isEqualTo(URI.create("https://acme.my.salesforce.com"));
        assertThat(url.tokenEndpoint()).isEqualTo(URI.create("https://acme.my.salesforce.com/services/oauth2/token"));
    }

    @Test
    void plainHttpIsRefusedForAnInternetHostWithAMessageNamingTheUrlAndTheFix() {
        assertThatIllegalArgumentException().isThrownBy(() -> LoginUrl.of("http://login.salesforce.com"))
            .withMessageContaining("'http://login.salesforce.com'")
            .withMessageContaining("use https://login.salesforce.com");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://localhost:8080", "http://LOCALHOST", "http://127.0.0.1:1234",
            "http://127.10.20.30", "http://[::1]:8080", "http://emulator.localhost:9000" })
    void plainHttpIsAllowedForLoopbackHosts(String url) {
        assertThat(LoginUrl.of(url).uri()).isEqualTo(URI.create(url));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.256", "http://128.0.0.1", "http://localhost.example.com",
            "http://10.0.0.1", "http://[::2]" })
    void hostsThatOnlyLookLikeLoopbackAreNotLoopback(String url) {
        assertThat(LoginUrl.isLoopback(URI.create(url))).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> LoginUrl.of(url)).withMessageContaining("https");
    }

    @Test
    void aRelativeUrlIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> LoginUrl.of("login.salesforce.com"))
            .withMessageContaining("'login.salesforce.com' is not an absolute URL");
    }

    @Test
    void anotherSchemeIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> LoginUrl.of("ftp://login.salesforce.com"))
            .withMessageContaining("must use https");
    }

    @Test
    void theTokenEndpointItselfIsRefusedWithTheBaseUrlToUse() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> LoginUrl.of("https://login.salesforce.com/services/oauth2/token"))
            .withMessageContaining("use https://login.salesforce.com");
    }

    @Test
    void userInfoIsRefusedWithoutEchoingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> LoginUrl.of("https://bob:s3cret@login.salesforce.com"))
            .withMessageNotContaining("s3cret");
    }

    @Test
    void aQueryIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> LoginUrl.of("https://login.salesforce.com?x=1"))
            .withMessageContaining("query");
    }

}
