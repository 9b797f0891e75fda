package io.sfstream.spring.badinput;

import java.time.Duration;

import io.sfstream.emulator.EmulatorDefaults;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.junit.EmbeddedSalesforce;
import io.sfstream.spring.SalesforceListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Credentials Salesforce refuses from the first attempt: the application starts (the
 * client keeps retrying) and health says why it is DOWN, naming the OAuth error, never
 * the secret.
 */
@EmbeddedSalesforce(platformEvents = "Order_Placed__e")
class RefusedCredentialsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final Duration POLL = Duration.ofMillis(20);

    private final SalesforceEmulator emulator;

    RefusedCredentialsIntegrationTests(SalesforceEmulator emulator) {
        this.emulator = emulator;
    }

    @Test
    void wrongPasswordAtStartupMakesHealthDownWithTheOAuthError() {
        try (ConfigurableApplicationContext context = run("salesforce.streaming.password=not-the-password-42")) {
            HealthIndicator indicator = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
            await("health DOWN").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> Status.DOWN.equals(indicator.health().getStatus()));
            Health health = indicator.health();
            assertThat(String.valueOf(health.getDetails().get("reason"))).startsWith("authentication failed")
                .contains("invalid_grant")
                .doesNotContain("not-the-password-42");
        }
    }

    @Test
    void unknownConsumerKeyAtStartupMakesHealthDownWithTheOAuthError() {
        try (ConfigurableApplicationContext context = run("salesforce.streaming.consumer-key=no-such-app")) {
            HealthIndicator indicator = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
            await("health DOWN").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> Status.DOWN.equals(indicator.health().getStatus()));
            assertThat(String.valueOf(indicator.health().getDetails().get("reason")))
                .startsWith("authentication failed")
                .contains("invalid_client_id");
        }
    }

    private ConfigurableApplicationContext run(String... overrides) {
        String[] defaults = { "salesforce.streaming.login-url=" + this.emulator.loginUrl(),
                "salesforce.streaming.consumer-key=" + EmulatorDefaults.CONSUMER_KEY,
                "salesforce.streaming.consumer-secret=" + EmulatorDefaults.CONSUMER_SECRET,
                "salesforce.streaming.username=" + EmulatorDefaults.USERNAME,
                "salesforce.streaming.password=" + EmulatorDefaults.PASSWORD,
                "salesforce.streaming.security-token=" + EmulatorDefaults.SECURITY_TOKEN,
                "salesforce.streaming.replay.store=memory", "salesforce.streaming.listener.shutdown-timeout=1s",
                "management.endpoint.health.show-details=always", "spring.main.banner-mode=off" };
        return new SpringApplicationBuilder(ListenerApplication.class).web(WebApplicationType.NONE)
            .properties(defaults)
            .properties(overrides)
            .run();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ListenerApplication {

        @Bean
        OrderListener orderListener() {
            return new OrderListener();
        }

    }

    static class OrderListener {

        @SalesforceListener("/event/Order_Placed__e")
        void onOrder(String payload) {
        }

    }

}
