package io.sfstream.spring.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.junit.EmbeddedSalesforce;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.autoconfigure.StreamingConnectionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code salesforce.streaming.listener.observation-enabled}, a listener runs inside
 * an observation: with a tracer (Brave here) its log lines carry a trace id and span id,
 * and the listener duration timer comes from the observation, once.
 */
@EmbeddedSalesforce(platformEvents = "Order_Placed__e", connectTimeoutMillis = 1_000)
class ListenerObservationIntegrationTests {

    private static final String ORDERS = "/event/Order_Placed__e";

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    @Test
    void listenerCallsAreTracedAndTimedOnceWhenObserved(SalesforceEmulator emulator) {
        try (ConfigurableApplicationContext context = run(emulator, true)) {
            long replayId = publishAndAwait(context, emulator);
            TracedListener listener = context.getBean(TracedListener.class);
            assertThat(listener.traceIds).singleElement().asString().isNotBlank();
            assertThat(listener.spanIds).singleElement().asString().isNotBlank();
            List<Timer> timers = List
                .copyOf(context.getBean(MeterRegistry.class).find("salesforce.streaming.listener.duration").timers());
            assertThat(timers).singleElement().satisfies((timer) -> {
                assertThat(timer.getId().getTag("channel")).isEqualTo(ORDERS);
                assertThat(timer.getId().getTag("listener")).isEqualTo("traced");
                assertThat(timer.getId().getTag("outcome")).isEqualTo("success");
                assertThat(timer.count()).isEqualTo(1);
            });
            assertThat(replayId).isPositive();
        }
    }

    @Test
    void listenerCallsAreNotObservedByDefault(SalesforceEmulator emulator) {
        try (ConfigurableApplicationContext context = run(emulator, false)) {
            publishAndAwait(context, emulator);
            TracedListener listener = context.getBean(TracedListener.class);
            assertThat(listener.traceIds).containsExactly("none");
            Timer timer = context.getBean(MeterRegistry.class).find("salesforce.streaming.listener.duration").timer();
            assertThat(timer).isNotNull();
            assertThat(timer.getId().getTag("outcome")).as("the starter's own timer").isNull();
            assertThat(timer.count()).isEqualTo(1);
        }
    }

    private long publishAndAwait(ConfigurableApplicationContext context, SalesforceEmulator emulator) {
        StreamingConnectionState state = context.getBean(StreamingConnectionState.class);
        await().atMost(WAIT).until(() -> state.subscribedChannels().contains(ORDERS));
        long replayId = emulator.publish(ORDERS, Map.of("OrderNumber__c", "T-1")).replayId();
        TracedListener listener = context.getBean(TracedListener.class);
        await().atMost(WAIT).until(() -> listener.traceIds.size() == 1);
        return replayId;
    }

    private ConfigurableApplicationContext run(SalesforceEmulator emulator, boolean observed) {
        return StarterApplications.run(emulator, this.directory.resolve("positions-" + observed + ".json"),
                Traced.class, "salesforce.streaming.listener.observation-enabled=" + observed,
                "management.tracing.sampling.probability=1.0");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Traced {

        @Bean
        TracedListener tracedListener() {
            return new TracedListener();
        }

    }

    static final class TracedListener {

        final List<String> traceIds = new CopyOnWriteArrayList<>();

        final List<String> spanIds = new CopyOnWriteArrayList<>();

        @SalesforceListener(channels = ORDERS, id = "traced")
        void onOrder(String payload) {
            String traceId = MDC.get("traceId");
            this.traceIds.add((traceId != null) ? traceId : "none");
            String spanId = MDC.get("spanId");
            this.spanIds.add((spanId != null) ? spanId : "none");
        }

    }

}
