package io.sfstream.spring.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.sfstream.emulator.EmulatorDefaults;
import io.sfstream.emulator.SalesforceEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a corporate proxy: a real forward proxy in the test JVM ({@link ForwardProxy})
 * that requires Basic credentials and that every request must cross, the token request as
 * much as the Bayeux requests; over TLS through {@code CONNECT} tunnels, and in plain
 * HTTP in absolute form. The proxy password never reaches a log line at TRACE, an
 * exception, health or the actuator.
 */
class ProxyIntegrationTests {

    private static final String PROXY_USER = "svc-stream";

    private static final String PROXY_PASSWORD = "pr0xy-S3cr3t-5e7a";

    @TempDir
    Path directory;

    @Test
    void tokenAndBayeuxRequestsTunnelThroughTheProxyAndItsPasswordIsNeverShown() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create("Corporate Test CA");
        Path caFile = ca.writeCertificate(this.directory.resolve("ca.pem"));
        List<String> lines;
        List<String> outputs = new ArrayList<>();
        List<String> accessTokens = new ArrayList<>();
        try (TraceCapture capture = TraceCapture.everything();
                ForwardProxy proxy = ForwardProxy.start(PROXY_USER, PROXY_PASSWORD);
                SalesforceEmulator emulator = NetworkApplication.emulator()
                    .https(ca.serverContext(ca.issueServerCertificate()))
                    .start()) {
            try (ConfigurableApplicationContext context = NetworkApplication.run(emulator,
                    "salesforce.streaming.proxy.host=127.0.0.1", "salesforce.streaming.proxy.port=" + proxy.port(),
                    "salesforce.streaming.proxy.username=" + PROXY_USER,
                    "salesforce.streaming.proxy.password=" + PROXY_PASSWORD,
                    "spring.ssl.bundle.pem.corporate.truststore.certificate=file:" + caFile,
                    "salesforce.streaming.ssl.bundle=corporate")) {
                NetworkApplication.receiveOne(emulator, context);
                emulator.faults().revokeAllTokens();
                NetworkApplication.receiveOne(emulator, context);
                outputs.addAll(NetworkApplication.describe(context));
            }
            assertThat(proxy.requests()).as("the token requests and the Bayeux requests crossed the proxy")
                .contains("CONNECT 127.0.0.1:" + emulator.port(), "CONNECT localhost:" + emulator.port());
            assertThat(proxy.refused()).isZero();
            try (ConfigurableApplicationContext context = NetworkApplication.run(emulator,
                    "salesforce.streaming.proxy.host=127.0.0.1", "salesforce.streaming.proxy.port=" + proxy.port(),
                    "salesforce.streaming.proxy.username=" + PROXY_USER,
                    "salesforce.streaming.proxy.password=wrong-" + PROXY_PASSWORD,
                    "spring.ssl.bundle.pem.corporate.truststore.certificate=file:" + caFile,
                    "salesforce.streaming.ssl.bundle=corporate")) {
                String failure = NetworkApplication.awaitFailure(context);
                assertThat(failure).contains("407", "salesforce.streaming.proxy.username",
                        "salesforce.streaming.proxy.password");
                outputs.add(failure);
                outputs.addAll(NetworkApplication.describe(context));
            }
            assertThat(proxy.refused()).isPositive();
            emulator.observations()
                .handshakes()
                .stream()
                .map((handshake) -> handshake.accessToken())
                .filter(Objects::nonNull)
                .distinct()
                .forEach(accessTokens::add);
            lines = capture.lines();
        }
        assertThat(lines).as("TRACE lines captured").anyMatch((line) -> line.startsWith("TRACE "));
        assertThat(lines).as("Jetty logged the tunnel's request headers, with the credentials masked")
            .anyMatch((line) -> line.contains("Proxy-Authorization: Basic ****"));
        for (String secret : List.of(PROXY_PASSWORD, basic(PROXY_PASSWORD), basic("wrong-" + PROXY_PASSWORD))) {
            assertThat(lines).as("log lines containing the proxy password").noneMatch((line) -> line.contains(secret));
            assertThat(outputs).as("toString, health, actuator and exceptions containing the proxy password")
                .noneMatch((output) -> output.contains(secret));
        }
        assertThat(accessTokens).as("access tokens issued: the first one and after re-authentication").hasSize(2);
        List<String> salesforceSecrets = new ArrayList<>(List.of(EmulatorDefaults.CONSUMER_SECRET,
                EmulatorDefaults.PASSWORD + EmulatorDefaults.SECURITY_TOKEN, EmulatorDefaults.SECURITY_TOKEN));
        salesforceSecrets.addAll(accessTokens);
        for (String secret : salesforceSecrets) {
            assertThat(lines).as("log lines of requests over TLS through the proxy containing a Salesforce secret")
                .noneMatch((line) -> line.contains(secret));
        }
    }

    @Test
    void plainRequestsCrossTheProxyInAbsoluteForm() throws Exception {
        try (ForwardProxy proxy = ForwardProxy.start(PROXY_USER, PROXY_PASSWORD);
                SalesforceEmulator emulator = NetworkApplication.emulator().start();
                ConfigurableApplicationContext context = NetworkApplication.run(emulator,
                        "salesforce.streaming.proxy.host=127.0.0.1", "salesforce.streaming.proxy.port=" + proxy.port(),
                        "salesforce.streaming.proxy.username=" + PROXY_USER,
                        "salesforce.streaming.proxy.password=" + PROXY_PASSWORD)) {
            NetworkApplication.receiveOne(emulator, context);
            assertThat(proxy.requests()).contains("POST " + emulator.loginUrl() + "/services/oauth2/token")
                .anyMatch((request) -> request.startsWith("POST " + emulator.myDomainUrl() + "/cometd/64.0"));
        }
    }

    @Test
    void withoutProxySettingsNothingCrossesTheProxy() throws Exception {
        try (ForwardProxy proxy = ForwardProxy.start(PROXY_USER, PROXY_PASSWORD);
                SalesforceEmulator emulator = NetworkApplication.emulator().start();
                ConfigurableApplicationContext context = NetworkApplication.run(emulator)) {
            NetworkApplication.receiveOne(emulator, context);
            assertThat(proxy.requests()).isEmpty();
        }
    }

    @Test
    void nonProxyHostsAreReachedDirectly() throws Exception {
        try (ForwardProxy proxy = ForwardProxy.start(PROXY_USER, PROXY_PASSWORD);
                SalesforceEmulator emulator = NetworkApplication.emulator().start();
                ConfigurableApplicationContext context = NetworkApplication.run(emulator,
                        "salesforce.streaming.proxy.host=127.0.0.1", "salesforce.streaming.proxy.port=" + proxy.port(),
                        "salesforce.streaming.proxy.username=" + PROXY_USER,
                        "salesforce.streaming.proxy.password=" + PROXY_PASSWORD,
                        "salesforce.streaming.proxy.non-proxy-hosts=127.*,*.example.com")) {
            NetworkApplication.receiveOne(emulator, context);
            assertThat(proxy.requests())
                .as("the login host 127.0.0.1 is reached directly, the instance through the proxy")
                .isNotEmpty()
                .noneMatch((request) -> request.contains("127.0.0.1:" + emulator.port()))
                .allMatch((request) -> request.startsWith("POST " + emulator.myDomainUrl()));
        }
    }

    @Test
    void theJvmsProxyPropertiesApplyWhenNoProxyIsConfigured() throws Exception {
        Map<String, String> jvm = Map.of("http.proxyHost", "127.0.0.1", "http.proxyUser", PROXY_USER,
                "http.proxyPassword", PROXY_PASSWORD, "http.nonProxyHosts", "*.example.com");
        Map<String, String> saved = new java.util.HashMap<>();
        try (ForwardProxy proxy = ForwardProxy.start(PROXY_USER, PROXY_PASSWORD);
                SalesforceEmulator emulator = NetworkApplication.emulator().start()) {
            for (String name : List.of("http.proxyHost", "http.proxyPort", "http.proxyUser", "http.proxyPassword",
                    "http.nonProxyHosts")) {
                saved.put(name, System.getProperty(name));
            }
            jvm.forEach(System::setProperty);
            System.setProperty("http.proxyPort", Integer.toString(proxy.port()));
            try (ConfigurableApplicationContext context = NetworkApplication.run(emulator)) {
                NetworkApplication.receiveOne(emulator, context);
            }
            assertThat(proxy.requests()).contains("POST " + emulator.loginUrl() + "/services/oauth2/token")
                .anyMatch((request) -> request.startsWith("POST " + emulator.myDomainUrl() + "/cometd/64.0"));
        }
        finally {
            saved.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                }
                else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    @Test
    void anUnknownProxyHostIsReportedNamingTheProperty() throws Exception {
        try (SalesforceEmulator emulator = NetworkApplication.emulator().start();
                ConfigurableApplicationContext context = NetworkApplication.run(emulator,
                        "salesforce.streaming.proxy.host=proxy.invalid", "salesforce.streaming.proxy.port=3128")) {
            assertThat(NetworkApplication.awaitFailure(context)).contains("proxy.invalid",
                    "salesforce.streaming.proxy.host");
        }
    }

    private static String basic(String password) {
        return Base64.getEncoder().encodeToString((PROXY_USER + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

}
