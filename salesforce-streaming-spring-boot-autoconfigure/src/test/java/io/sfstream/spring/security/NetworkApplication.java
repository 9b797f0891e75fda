package io.sfstream.spring.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.http.HttpSettings;
import io.sfstream.emulator.EmulatorDefaults;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.autoconfigure.SalesforceStreamingProperties;
import io.sfstream.spring.autoconfigure.StreamingConnectionState;
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

/**
 * A {@code @SalesforceListener} application that logs in to an emulator with the password
 * flow, and what the network tests ask of it: receive an event, wait for a failure,
 * describe what an operator sees (toString, health, actuator).
 */
final class NetworkApplication {

    static final String CHANNEL = "/event/Network_Test__e";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private NetworkApplication() {
    }

    static SalesforceEmulator.Builder emulator() {
        return SalesforceEmulator.builder().platformEvent(CHANNEL).connectTimeout(Duration.ofSeconds(1));
    }

    static ConfigurableApplicationContext run(SalesforceEmulator emulator, String... properties) {
        List<String> all = new ArrayList<>(List.of("salesforce.streaming.login-url=" + emulator.loginUrl(),
                "salesforce.streaming.consumer-key=" + EmulatorDefaults.CONSUMER_KEY,
                "salesforce.streaming.consumer-secret=" + EmulatorDefaults.CONSUMER_SECRET,
                "salesforce.streaming.username=" + EmulatorDefaults.USERNAME,
                "salesforce.streaming.password=" + EmulatorDefaults.PASSWORD,
                "salesforce.streaming.security-token=" + EmulatorDefaults.SECURITY_TOKEN,
                "salesforce.streaming.replay.store=memory", "salesforce.streaming.back-off.initial=100ms",
                "salesforce.streaming.back-off.max=500ms", "salesforce.streaming.listener.shutdown-timeout=1s",
                "spring.main.banner-mode=off", "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=*",
                "management.endpoint.health.show-details=always", "management.endpoint.configprops.show-values=always",
                "management.endpoint.env.show-values=always"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(Listening.class).web(WebApplicationType.NONE)
            .properties(all.toArray(String[]::new))
            .run();
    }

    static void receiveOne(SalesforceEmulator emulator, ConfigurableApplicationContext context) {
        StreamingConnectionState state = context.getBean(StreamingConnectionState.class);
        List<Long> received = context.getBean(Received.class).ids();
        await(() -> state.subscribedChannels().contains(CHANNEL), "the subscription to " + CHANNEL);
        long replayId = emulator.publish(CHANNEL, Map.of("Note__c", "through the network")).replayId();
        await(() -> received.contains(replayId), "event " + replayId);
    }

    /** Waits for the failure the application reports: the token request's. */
    static String awaitFailure(ConfigurableApplicationContext context) {
        StreamingConnectionState state = context.getBean(StreamingConnectionState.class);
        await(() -> state.authenticationFailure() != null, "a reported failure");
        return String.valueOf(state.authenticationFailure());
    }

    static HttpSettings httpSettings(ConfigurableApplicationContext context) {
        return context.getBean(HttpSettings.class);
    }

    /** What an operator can see: toString of the beans, health, actuator endpoints. */
    static List<String> describe(ConfigurableApplicationContext context) {
        JsonMapper json = JsonMapper.builder().build();
        List<String> outputs = new ArrayList<>();
        outputs.add(context.getBean(SalesforceStreamingProperties.class).toString());
        outputs.add(context.getBean(Authenticator.class).toString());
        outputs.add(context.getBean(StreamingClient.class).toString());
        outputs.add(context.getBean(HttpSettings.class).toString());
        HealthIndicator health = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
        outputs.add(json.writeValueAsString(health.health(true)));
        outputs.add(json.writeValueAsString(
                context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties()));
        outputs.add(json.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null)));
        return outputs;
    }

    static String health(ConfigurableApplicationContext context) {
        HealthIndicator health = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
        return JsonMapper.builder().build().writeValueAsString(health.health(true));
    }

    static void await(BooleanSupplier condition, String description) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + WAIT + " waiting for " + description);
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    record Received(List<Long> ids) {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Listening {

        @Bean
        Received received() {
            return new Received(new CopyOnWriteArrayList<>());
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
