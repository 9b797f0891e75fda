package io.sfstream.spring.security;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.autoconfigure.SalesforceStreamingProperties;
import io.sfstream.spring.autoconfigure.StreamingConnectionState;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs applications through every credential flow, re-authentication, a refused password
 * and a failing token endpoint with every logger of the JVM at TRACE, then searches every
 * captured line (with arguments and exception chains), every exception, the
 * {@code toString()} of the beans that hold credentials, the health output and the
 * actuator's configprops and env output for each secret.
 */
class SecretsNeverLeakIntegrationTests {

    private static final String CHANNEL = "/event/Secret_Test__e";

    private static final String USERNAME = "integration@example.com";

    private static final String PASSWORD = "pw-S3cr3t-7f1e";

    private static final String SECURITY_TOKEN = "st-S3cr3t-9a2b";

    private static final String CONSUMER_KEY = "security-test-key";

    private static final String CONSUMER_SECRET = "cs-S3cr3t-4c6d";

    private static final String REFRESH_TOKEN = "rt-S3cr3t-8e0f";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(20);

    @TempDir
    Path directory;

    @Test
    void noSecretAppearsInLogsAtTraceExceptionsToStringHealthOrActuator() throws Exception {
        List<String> outputs = new ArrayList<>();
        List<String> lines;
        List<String> accessTokens = new ArrayList<>();
        // Not @EmbeddedSalesforce: its users, app certificate and refresh token.
        try (TraceCapture capture = TraceCapture.everything();
                SalesforceEmulator emulator = SalesforceEmulator.builder()
                    .user(USERNAME, PASSWORD, SECURITY_TOKEN)
                    .connectedApp(CONSUMER_KEY, CONSUMER_SECRET, certificate())
                    .refreshToken(REFRESH_TOKEN, CONSUMER_KEY, USERNAME)
                    .platformEvent(CHANNEL)
                    .connectTimeout(Duration.ofSeconds(1))
                    .start()) {
            try (ConfigurableApplicationContext context = run(emulator, "password",
                    "salesforce.streaming.username=" + USERNAME, "salesforce.streaming.password=" + PASSWORD,
                    "salesforce.streaming.security-token=" + SECURITY_TOKEN,
                    "salesforce.streaming.consumer-secret=" + CONSUMER_SECRET)) {
                receiveOne(emulator, context);
                emulator.faults().failNextTokenRequests(1);
                emulator.faults().revokeAllTokens();
                receiveOne(emulator, context);
                emulator.faults().expireAllSessions();
                receiveOne(emulator, context);
                outputs.addAll(describe(context));
            }
            try (ConfigurableApplicationContext context = run(emulator, "refresh",
                    "salesforce.streaming.refresh-token=" + REFRESH_TOKEN,
                    "salesforce.streaming.consumer-secret=" + CONSUMER_SECRET)) {
                receiveOne(emulator, context);
                emulator.faults().revokeAllTokens();
                receiveOne(emulator, context);
                outputs.addAll(describe(context));
            }
            try (ConfigurableApplicationContext context = run(emulator, "jwt",
                    "salesforce.streaming.username=" + USERNAME,
                    "salesforce.streaming.jwt.private-key=classpath:security/jwt-key.pem")) {
                receiveOne(emulator, context);
                outputs.addAll(describe(context));
            }
            try (ConfigurableApplicationContext context = run(emulator, "refused",
                    "salesforce.streaming.username=" + USERNAME, "salesforce.streaming.password=wrong-" + PASSWORD,
                    "salesforce.streaming.security-token=" + SECURITY_TOKEN,
                    "salesforce.streaming.consumer-secret=" + CONSUMER_SECRET)) {
                StreamingConnectionState state = context.getBean(StreamingConnectionState.class);
                await("the refused password to be reported").atMost(WAIT)
                    .pollInterval(POLL)
                    .until(() -> state.authenticationFailure() != null);
                outputs.add(state.authenticationFailure());
                outputs.addAll(describe(context));
            }
            emulator.observations()
                .handshakes()
                .stream()
                .map((handshake) -> handshake.accessToken())
                .filter(Objects::nonNull)
                .distinct()
                .forEach(accessTokens::add);
            lines = capture.lines();
        }

        assertThat(accessTokens).as("access tokens issued: first ones, after re-authentication, per flow")
            .hasSizeGreaterThanOrEqualTo(5);
        assertThat(lines).as("Jetty logged the request headers, with the bearer token masked")
            .anyMatch((line) -> line.contains("Request headers") && line.contains("Authorization: Bearer ****"));
        assertThat(lines).as("TRACE lines captured").anyMatch((line) -> line.startsWith("TRACE "));
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("password", PASSWORD);
        secrets.put("security token", SECURITY_TOKEN);
        secrets.put("consumer secret", CONSUMER_SECRET);
        secrets.put("refresh token", REFRESH_TOKEN);
        for (int i = 0; i < accessTokens.size(); i++) {
            secrets.put("access token " + (i + 1), accessTokens.get(i));
        }
        List<String> pemLines = privateKeyBodyLines();
        for (int i = 0; i < pemLines.size(); i++) {
            secrets.put("private key line " + (i + 1), pemLines.get(i));
        }
        secrets.forEach((name, secret) -> {
            assertThat(lines).as("log lines containing the %s", name).noneMatch((line) -> line.contains(secret));
            assertThat(outputs).as("toString, health, actuator and exceptions containing the %s", name)
                .noneMatch((output) -> output.contains(secret));
        });
    }

    private static ConfigurableApplicationContext run(SalesforceEmulator emulator, String name, String... credentials) {
        List<String> properties = new ArrayList<>(List.of("salesforce.streaming.login-url=" + emulator.loginUrl(),
                "salesforce.streaming.consumer-key=" + CONSUMER_KEY, "salesforce.streaming.replay.store=memory",
                "salesforce.streaming.back-off.initial=50ms", "salesforce.streaming.back-off.max=200ms",
                "salesforce.streaming.listener.shutdown-timeout=1s", "spring.application.name=" + name,
                "spring.main.banner-mode=off", "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=*",
                "management.endpoint.health.show-details=always", "management.endpoint.configprops.show-values=always",
                "management.endpoint.env.show-values=always"));
        properties.addAll(List.of(credentials));
        return new SpringApplicationBuilder(SecurityApplication.class).web(WebApplicationType.NONE)
            .properties(properties.toArray(String[]::new))
            .run();
    }

    private static void receiveOne(SalesforceEmulator emulator, ConfigurableApplicationContext context) {
        StreamingConnectionState state = context.getBean(StreamingConnectionState.class);
        Received received = context.getBean(Received.class);
        await("the subscription").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> state.subscribedChannels().contains(CHANNEL));
        long replayId = emulator.publish(CHANNEL, Map.of("Note__c", "hello")).replayId();
        await("event " + replayId).atMost(WAIT).pollInterval(POLL).until(() -> received.ids().contains(replayId));
    }

    /**
     * What an operator can see of a running application: toString of the beans, health,
     * actuator endpoints.
     */
    private static List<String> describe(ConfigurableApplicationContext context) {
        JsonMapper json = JsonMapper.builder().build();
        List<String> outputs = new ArrayList<>();
        outputs.add(context.getBean(SalesforceStreamingProperties.class).toString());
        outputs.add(context.getBean(Authenticator.class).toString());
        outputs.add(context.getBean(StreamingClient.class).toString());
        outputs.add(context.getBean(SalesforceListenerEndpointRegistry.class).toString());
        HealthIndicator health = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
        outputs.add(json.writeValueAsString(health.health(true)));
        outputs.add(json.writeValueAsString(
                context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties()));
        outputs.add(json.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null)));
        return outputs;
    }

    private static X509Certificate certificate() throws Exception {
        try (InputStream in = new ClassPathResource("security/jwt-cert.pem").getInputStream()) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static List<String> privateKeyBodyLines() throws Exception {
        try (InputStream in = new ClassPathResource("security/jwt-key.pem").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                .filter((line) -> !line.startsWith("-----") && !line.isBlank())
                .toList();
        }
    }

    record Received(List<Long> ids) {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class SecurityApplication {

        @Bean
        Received received() {
            return new Received(new java.util.concurrent.CopyOnWriteArrayList<>());
        }

        @Bean
        Listener listener(Received received) {
            return new Listener(received);
        }

    }

    record Listener(Received received) {

        @SalesforceListener(CHANNEL)
        void onEvent(@io.sfstream.spring.ReplayId long replayId) {
            this.received.ids().add(replayId);
        }
    }

}
