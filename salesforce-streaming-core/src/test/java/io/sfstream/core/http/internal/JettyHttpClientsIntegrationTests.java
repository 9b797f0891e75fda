package io.sfstream.core.http.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

import io.sfstream.core.http.HttpProxy;
import io.sfstream.core.http.HttpSettings;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.ProxyConfiguration;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The Jetty client built from {@link HttpSettings}: which targets cross the proxy, what
 * the proxy reads on the wire, what Jetty's logs can read.
 */
class JettyHttpClientsIntegrationTests {

    private static final String PASSWORD = "pr0xy-S3cret";

    private final List<HttpClient> clients = new ArrayList<>();

    @AfterEach
    void stopClients() {
        this.clients.forEach(JettyHttpClients::stop);
    }

    @Test
    void withoutAProxyEveryTargetIsReachedDirectlyAndCertificatesAreVerified() {
        HttpClient client = create(HttpSettings.direct());
        assertThat(client.getProxyConfiguration().getProxies()).isEmpty();
        assertThat(client.getSslContextFactory().isTrustAll()).isFalse();
        assertThat(client.getSslContextFactory().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(client.getConnectTimeout()).isEqualTo(15_000);
    }

    @Test
    void theProxyServesEveryTargetButTheNonProxyHosts() {
        HttpClient client = create(
                HttpSettings.direct().withProxy(HttpProxy.of("proxy", 3128).withNonProxyHosts(List.of("*.corp"))));
        ProxyConfiguration proxies = client.getProxyConfiguration();
        assertThat(proxies.match(origin("https", "acme.my.salesforce.com", 443))).isNotNull();
        assertThat(proxies.match(origin("http", "127.0.0.1", 8080))).isNotNull();
        assertThat(proxies.match(origin("https", "db.corp", 443))).isNull();
    }

    @Test
    void theJvmsProxiesServeTheirOwnScheme() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("https.proxyHost", "secure-proxy");
        HttpClient client = create(HttpSettings.fromSystemProperties(properties));
        ProxyConfiguration proxies = client.getProxyConfiguration();
        assertThat(proxies.match(origin("https", "acme.my.salesforce.com", 443)).getURI())
            .isEqualTo(URI.create("http://secure-proxy:443"));
        assertThat(proxies.match(origin("http", "acme.example.com", 80))).isNull();
        assertThat(proxies.match(origin("https", "localhost", 8443))).isNull();
    }

    @Test
    void theTlsContextIsUsed() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        assertThat(create(HttpSettings.direct().withSslContext(context)).getSslContextFactory().getSslContext())
            .isSameAs(context);
    }

    @Test
    void proxyCredentialsGoToTheProxyOnlyAndAreMaskedEverywhereButOnTheWire() {
        HttpClient client = create(HttpSettings.direct()
            .withProxy(HttpProxy.of("127.0.0.1", 3128).withCredentials("svc-stream", PASSWORD)));
        PreemptiveProxyCredentials credentials = (PreemptiveProxyCredentials) client.getAuthenticationStore()
            .findAuthenticationResult(URI.create("http://127.0.0.1:3128"));
        Request tunnel = client.newRequest("http://127.0.0.1:3128").method("CONNECT");
        Request plain = client.newRequest("http://localhost:8080/services/oauth2/token");
        Request tunnelled = client.newRequest("https://localhost:8443/services/oauth2/token");
        credentials.apply(tunnel);
        credentials.apply(plain);
        credentials.apply(tunnelled);
        assertThat(tunnel.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION)).isEqualTo("Basic ****");
        assertThat(plain.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION)).isEqualTo("Basic ****");
        assertThat(tunnelled.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION)).isNull();
        assertThat(tunnel.getHeaders().toString() + credentials).doesNotContain(PASSWORD, basic());
    }

    @Test
    void theProxyReadsTheTunnelRequestWithTheCredentials() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy()) {
            HttpClient client = create(HttpSettings.direct()
                .withProxy(HttpProxy.of("127.0.0.1", proxy.port()).withCredentials("svc-stream", PASSWORD)));
            Throwable failure = catchThrowable(
                    () -> client.newRequest("https://acme.my.salesforce.com/x").timeout(5, TimeUnit.SECONDS).send());
            assertThat(proxy.heads()).hasSize(1);
            assertThat(proxy.heads().get(0)).startsWith("CONNECT acme.my.salesforce.com:443 HTTP/1.1")
                .contains("Proxy-Authorization: Basic " + basic());
            assertThat(failure).hasMessageContaining("407");
            assertThat(ConnectionFailures.advice(failure.getCause(), null))
                .isEqualTo(ConnectionFailures.PROXY_AUTHENTICATION);
        }
    }

    @Test
    void theProxyReadsPlainRequestsInAbsoluteFormWithTheCredentials() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy()) {
            HttpClient client = create(HttpSettings.direct()
                .withProxy(HttpProxy.of("127.0.0.1", proxy.port()).withCredentials("svc-stream", PASSWORD)));
            int status = client.newRequest("http://localhost:9/services/oauth2/token")
                .timeout(5, TimeUnit.SECONDS)
                .send()
                .getStatus();
            assertThat(status).isEqualTo(407);
            assertThat(proxy.heads().get(0)).startsWith("GET http://localhost:9/services/oauth2/token HTTP/1.1")
                .contains("Proxy-Authorization: Basic " + basic());
        }
    }

    private HttpClient create(HttpSettings settings) {
        HttpClient client = JettyHttpClients.create(settings, "test-http", 8);
        this.clients.add(client);
        return client;
    }

    private static Origin origin(String scheme, String host, int port) {
        return new Origin(scheme, host, port);
    }

    private static String basic() {
        return Base64.getEncoder().encodeToString(("svc-stream:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** A proxy that records each request head and answers 407 to all. */
    private static final class RecordingProxy implements AutoCloseable {

        private final ServerSocket socket = new ServerSocket(0);

        private final List<String> heads = new CopyOnWriteArrayList<>();

        private final Thread acceptor;

        RecordingProxy() throws IOException {
            this.acceptor = new Thread(this::serve, "recording-proxy");
            this.acceptor.setDaemon(true);
            this.acceptor.start();
        }

        private void serve() {
            while (!this.socket.isClosed()) {
                try (Socket connection = this.socket.accept()) {
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
                    StringBuilder head = new StringBuilder();
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        head.append(line).append('\n');
                    }
                    this.heads.add(head.toString());
                    OutputStream out = connection.getOutputStream();
                    out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic "
                            + "realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                catch (IOException ex) {
                    // closed
                }
            }
        }

        int port() {
            return this.socket.getLocalPort();
        }

        List<String> heads() {
            return this.heads;
        }

        @Override
        public void close() throws IOException {
            this.socket.close();
        }

    }

}
