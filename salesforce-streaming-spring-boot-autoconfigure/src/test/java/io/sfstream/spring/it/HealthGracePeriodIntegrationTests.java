package io.sfstream.spring.it;

import java.nio.file.Path;
import java.time.Duration;

import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.junit.EmbeddedSalesforce;
import io.sfstream.spring.SalesforceListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A routine reconnect does not turn health DOWN (load balancers would pull the instance):
 * it stays UP, with the state and the reason as details, for
 * {@code salesforce.streaming.health.grace-period}, and turns DOWN only after it.
 */
@EmbeddedSalesforce(platformEvents = "Order_Placed__e", connectTimeoutMillis = 1_000)
class HealthGracePeriodIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    @Test
    void aLostConnectionIsUpDuringTheGracePeriodThenDownUntilItComesBack(SalesforceEmulator emulator) {
        try (ConfigurableApplicationContext context = StarterApplications.run(emulator,
                this.directory.resolve("positions.json"), OneListener.class,
                "salesforce.streaming.health.grace-period=3s", "salesforce.streaming.back-off.initial=100ms",
                "salesforce.streaming.back-off.max=500ms")) {
            HealthIndicator health = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
            await().atMost(WAIT)
                .until(() -> Status.UP.equals(health.health().getStatus())
                        && "CONNECTED".equals(health.health().getDetails().get("state")));
            emulator.stop();
            try {
                await().atMost(WAIT).until(() -> "RECONNECTING".equals(health.health().getDetails().get("state")));
                Health during = health.health();
                assertThat(during.getStatus()).as("within the grace period").isEqualTo(Status.UP);
                assertThat(String.valueOf(during.getDetails().get("reason"))).contains("reconnecting")
                    .contains("DOWN after 3 s");
                await().atMost(WAIT).until(() -> Status.DOWN.equals(health.health().getStatus()));
                assertThat(String.valueOf(health.health().getDetails().get("reason")))
                    .startsWith("connection lost, reconnecting for ");
            }
            finally {
                emulator.restart();
            }
            await().atMost(WAIT)
                .until(() -> Status.UP.equals(health.health().getStatus())
                        && "CONNECTED".equals(health.health().getDetails().get("state")));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class OneListener {

        @Bean
        Listener listener() {
            return new Listener();
        }

    }

    static final class Listener {

        @SalesforceListener("/event/Order_Placed__e")
        void onOrder(String payload) {
        }

    }

}
