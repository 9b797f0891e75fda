package io.sfstream.core.http;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HttpProxyTests {

    @Test
    void nonProxyHostPatternsMatchNamesAndAddressesWithLeadingOrTrailingWildcards() {
        HttpProxy proxy = HttpProxy.of("proxy", 3128)
            .withNonProxyHosts(List.of("localhost", "*.Corp.Example.com", "192.168.*", "[::1]", " "));
        assertThat(proxy.bypasses("LOCALHOST")).isTrue();
        assertThat(proxy.bypasses("db.corp.example.com")).isTrue();
        assertThat(proxy.bypasses("192.168.0.12")).isTrue();
        assertThat(proxy.bypasses("::1")).isTrue();
        assertThat(proxy.bypasses("[::1]")).isTrue();
        assertThat(proxy.bypasses("acme.my.salesforce.com")).isFalse();
        assertThat(proxy.bypasses("corp.example.com.evil.test")).isFalse();
        assertThat(proxy.nonProxyHosts()).hasSize(4);
    }

    @Test
    void theUriIsThatOfAPlainHttpProxy() {
        assertThat(HttpProxy.of("proxy.corp", 3128).uri()).isEqualTo(URI.create("http://proxy.corp:3128"));
        assertThat(HttpProxy.of("::1", 3128).uri()).isEqualTo(URI.create("http://[::1]:3128"));
    }

    @Test
    void credentialsNeedAUsernameAndAreNeverShown() {
        HttpProxy proxy = HttpProxy.of("proxy", 3128).withCredentials("svc-stream", "pr0xy-S3cret");
        assertThat(proxy.hasCredentials()).isTrue();
        assertThat(proxy).hasToString("HttpProxy[proxy:3128, username=svc-stream, password=****]");
        assertThat(HttpProxy.of("proxy", 3128).hasCredentials()).isFalse();
        assertThat(new HttpProxy("proxy", 3128, " ", null, List.of()).hasCredentials()).isFalse();
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new HttpProxy("proxy", 3128, null, "pr0xy-S3cret", List.of()))
            .withMessageNotContaining("pr0xy-S3cret");
    }

    @Test
    void hostAndPortAreValidated() {
        assertThatIllegalArgumentException().isThrownBy(() -> HttpProxy.of(" ", 3128));
        assertThatIllegalArgumentException().isThrownBy(() -> HttpProxy.of("http://proxy", 3128));
        assertThatIllegalArgumentException().isThrownBy(() -> HttpProxy.of("user:pw@proxy", 3128));
        assertThatIllegalArgumentException().isThrownBy(() -> HttpProxy.of("proxy", 0));
        assertThatIllegalArgumentException().isThrownBy(() -> HttpProxy.of("proxy", 65536));
    }

}
