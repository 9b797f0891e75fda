package io.sfstream.core.http;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HttpSettingsTests {

    private static final URI SALESFORCE = URI.create("https://acme.my.salesforce.com/services/oauth2/token");

    private static final URI EMULATOR = URI.create("http://127.0.0.1:8443/cometd/64.0");

    @Test
    void directSettingsUseNoProxyTheJvmTrustStoreAndFifteenSecondsToConnect() {
        HttpSettings direct = HttpSettings.direct();
        assertThat(direct.proxyFor(SALESFORCE)).isNull();
        assertThat(direct.proxies()).isEmpty();
        assertThat(direct.sslContext()).isNull();
        assertThat(direct.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theJvmsHttpsProxyServesHttpsTargets() {
        Properties properties = new Properties();
        properties.setProperty("https.proxyHost", "proxy.corp.example.com");
        properties.setProperty("https.proxyPort", "3128");
        HttpSettings settings = HttpSettings.fromSystemProperties(properties);
        assertThat(settings.proxyFor(SALESFORCE)).isEqualTo(
                new HttpProxy("proxy.corp.example.com", 3128, null, null, HttpSettings.JVM_DEFAULT_NON_PROXY_HOSTS));
        assertThat(settings.proxyFor(URI.create("http://acme.example.com/"))).isNull();
    }

    @Test
    void theJvmsDefaultPortsAreThoseOfTheScheme() {
        Properties properties = new Properties();
        properties.setProperty("https.proxyHost", "secure-proxy");
        properties.setProperty("http.proxyHost", "plain-proxy");
        HttpSettings settings = HttpSettings.fromSystemProperties(properties);
        assertThat(settings.proxyFor(SALESFORCE).port()).isEqualTo(443);
        assertThat(settings.proxyFor(URI.create("http://acme.example.com/")).port()).isEqualTo(80);
        assertThat(settings.proxies()).hasSize(2);
    }

    @Test
    void loopbackIsReachedDirectlyUnlessTheNonProxyHostsSayOtherwise() {
        Properties properties = new Properties();
        properties.setProperty("http.proxyHost", "proxy");
        properties.setProperty("http.proxyPort", "8080");
        assertThat(HttpSettings.fromSystemProperties(properties).proxyFor(EMULATOR)).isNull();
        properties.setProperty("http.nonProxyHosts", "*.internal.example.com|10.*");
        HttpSettings settings = HttpSettings.fromSystemProperties(properties);
        assertThat(settings.proxyFor(EMULATOR)).isNotNull();
        assertThat(settings.proxyFor(URI.create("http://svc.internal.example.com/"))).isNull();
        assertThat(settings.proxyFor(URI.create("http://10.1.2.3/"))).isNull();
    }

    @Test
    void theJvmsProxyCredentialsAreRead() {
        Properties properties = new Properties();
        properties.setProperty("https.proxyHost", "proxy");
        properties.setProperty("https.proxyUser", "svc-stream");
        properties.setProperty("https.proxyPassword", "pr0xy-S3cret");
        HttpProxy proxy = HttpSettings.fromSystemProperties(properties).proxyFor(SALESFORCE);
        assertThat(proxy.username()).isEqualTo("svc-stream");
        assertThat(proxy.password()).isEqualTo("pr0xy-S3cret");
    }

    @Test
    void aProxyPortThatIsNotANumberNamesTheProperty() {
        Properties properties = new Properties();
        properties.setProperty("https.proxyHost", "proxy");
        properties.setProperty("https.proxyPort", "eighty");
        assertThatIllegalArgumentException().isThrownBy(() -> HttpSettings.fromSystemProperties(properties))
            .withMessageContaining("https.proxyPort");
    }

    @Test
    void aConfiguredProxyServesEveryTargetAndReplacesTheJvmsProxies() {
        Properties properties = new Properties();
        properties.setProperty("https.proxyHost", "jvm-proxy");
        HttpProxy configured = HttpProxy.of("proxy", 3128).withNonProxyHosts(List.of("*.corp"));
        HttpSettings settings = HttpSettings.fromSystemProperties(properties).withProxy(configured);
        assertThat(settings.proxyFor(SALESFORCE)).isEqualTo(configured);
        assertThat(settings.proxyFor(EMULATOR)).isEqualTo(configured);
        assertThat(settings.proxyFor(URI.create("https://db.corp/"))).isNull();
        assertThat(settings.proxies()).containsExactly(configured);
        assertThat(settings.withProxy(null).proxies()).isEmpty();
    }

    @Test
    void theTlsContextAndTheConnectTimeoutAreKept() throws Exception {
        SSLContext context = SSLContext.getDefault();
        HttpSettings settings = HttpSettings.direct()
            .withSslContext(context)
            .withConnectTimeout(Duration.ofSeconds(3))
            .withProxy(HttpProxy.of("proxy", 3128));
        assertThat(settings.sslContext()).isSameAs(context);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThatIllegalArgumentException().isThrownBy(() -> settings.withConnectTimeout(Duration.ZERO));
    }

    @Test
    void toStringNeverShowsTheProxyPassword() {
        HttpSettings settings = HttpSettings.direct()
            .withProxy(HttpProxy.of("proxy", 3128).withCredentials("svc-stream", "pr0xy-S3cret"));
        assertThat(settings.toString()).contains("proxy:3128", "svc-stream", "****").doesNotContain("pr0xy-S3cret");
    }

}
