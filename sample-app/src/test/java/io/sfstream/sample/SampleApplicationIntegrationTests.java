package io.sfstream.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sfstream.emulator.SalesforceEmulator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the sample application as a newcomer would, with no credentials, and checks that
 * the demo org's events reach every listener and that health is exposed.
 */
class SampleApplicationIntegrationTests {

    @Test
    void withoutCredentialsTheDemoOrgFeedsEveryListener() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
            .initializers(new DemoOrg())
            .properties("server.port=0", "sample.demo.period=200ms", "spring.main.banner-mode=off")
            .run("--salesforce.streaming.consumer-key=",
                    "--management.endpoints.web.exposure.include=health,metrics,configprops,env",
                    "--management.endpoint.configprops.show-values=always",
                    "--management.endpoint.env.show-values=always")) {
            assertThat(context.getBean(SalesforceEmulator.class).isRunning()).isTrue();
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            for (String listener : new String[] { "orders", "account-changes", "invoices" }) {
                await(listener + " to process 3 events").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> processed(meters, listener) >= 3);
            }
            assertThat(meters.find("salesforce.streaming.events.failed").counters())
                .allSatisfy((counter) -> assertThat(counter.count()).isZero());

            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpResponse<String> health = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"salesforceStreaming\"")
                .contains("\"status\":\"UP\"")
                .doesNotContain("SECURITYTOKEN")
                .doesNotContain("test-consumer-secret");
            for (String endpoint : new String[] { "configprops", "env" }) {
                HttpResponse<String> values = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/" + endpoint))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(values.statusCode()).isEqualTo(200);
                // The demo sets no credential property: the emulator bean's connection
                // details log in, and must not show up here either.
                assertThat(values.body()).as(endpoint)
                    .contains("salesforce.streaming")
                    .doesNotContain("SECURITYTOKEN")
                    .doesNotContain("test-consumer-secret")
                    .doesNotContain(":\"password\"");
            }
        }
    }

    @Test
    void withThePubSubTransportTheDemoRunsOverThePubSubApi() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
            .initializers(new DemoOrg())
            .properties("server.port=0", "sample.demo.period=200ms", "spring.main.banner-mode=off")
            .run("--salesforce.streaming.consumer-key=", "--salesforce.streaming.transport=pubsub")) {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            for (String listener : new String[] { "orders", "account-changes" }) {
                await(listener + " to process 3 events over the Pub/Sub API").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> processed(meters, listener, "pubsub") >= 3);
            }
            await("the PushTopic listener to process 3 events over CometD").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> processed(meters, "invoices", "cometd") >= 3);
            assertThat(meters.find("salesforce.streaming.events.failed").counters())
                .allSatisfy((counter) -> assertThat(counter.count()).isZero());
        }
    }

    @Test
    void withCredentialsTheDemoOrgIsNotStarted() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
            .initializers(new DemoOrg())
            .properties("server.port=0", "spring.main.banner-mode=off")
            .run("--salesforce.streaming.consumer-key=real-key", "--salesforce.streaming.consumer-secret=real-secret",
                    "--salesforce.streaming.username=someone@example.com", "--salesforce.streaming.password=pw",
                    "--salesforce.streaming.login-url=http://127.0.0.1:9", "--salesforce.streaming.replay.store=memory",
                    "--salesforce.streaming.listener.auto-startup=false")) {
            assertThat(context.getBeanNamesForType(SalesforceEmulator.class)).isEmpty();
            assertThat(context.getBeanNamesForType(DemoEventPublisher.class)).isEmpty();
        }
    }

    private static double processed(MeterRegistry meters, String listener) {
        return meters.find("salesforce.streaming.events.processed")
            .tag("listener", listener)
            .counters()
            .stream()
            .mapToDouble(Counter::count)
            .sum();
    }

    private static double processed(MeterRegistry meters, String listener, String transport) {
        return meters.find("salesforce.streaming.events.processed")
            .tag("listener", listener)
            .tag("transport", transport)
            .counters()
            .stream()
            .mapToDouble(Counter::count)
            .sum();
    }

}
