package io.sfstream.spring.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.junit.EmbeddedSalesforce;
import io.sfstream.spring.ReplayId;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.autoconfigure.StreamingConnectionState;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Channels dispatched in parallel ({@code salesforce.streaming.listener.concurrency}),
 * and listeners paused and resumed through the registry, in a real application over HTTP.
 */
@EmbeddedSalesforce(platformEvents = { "Order_Placed__e", "Invoice__e" }, connectTimeoutMillis = 1_000)
class ListenerConcurrencyIntegrationTests {

    private static final String ORDERS = "/event/Order_Placed__e";

    private static final String INVOICES = "/event/Invoice__e";

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    @Test
    void aStalledListenerOnOneChannelDoesNotDelayAnotherChannel(SalesforceEmulator emulator) {
        try (ConfigurableApplicationContext context = run(emulator, "salesforce.streaming.listener.concurrency=2")) {
            Listeners listeners = context.getBean(Listeners.class);
            awaitSubscribed(context, ORDERS, INVOICES);
            long stalled = emulator.publish(ORDERS, Map.of("OrderNumber__c", "S-1")).replayId();
            await().atMost(WAIT).until(() -> listeners.orders.contains(stalled));
            for (int i = 0; i < 5; i++) {
                emulator.publish(INVOICES, Map.of("Number__c", "I-" + i));
            }
            long published = emulator.publish(ORDERS, Map.of("OrderNumber__c", "S-2")).replayId();
            await().atMost(WAIT).until(() -> listeners.invoices.size() == 5);
            assertThat(listeners.finishedOrders).as("the order listener is still stalled").isEmpty();
            listeners.stall.countDown();
            await().atMost(WAIT).until(() -> listeners.finishedOrders.size() == 2);
            assertThat(listeners.finishedOrders).containsExactly(stalled, published);
        }
    }

    @Test
    void aPausedListenerGetsItsEventsInOrderOnceResumed(SalesforceEmulator emulator) {
        try (ConfigurableApplicationContext context = run(emulator, "salesforce.streaming.listener.concurrency=2")) {
            Listeners listeners = context.getBean(Listeners.class);
            listeners.stall.countDown();
            SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
            awaitSubscribed(context, ORDERS, INVOICES);
            registry.pauseListener("orders");
            assertThat(registry.getListenerContainer("orders").isPaused()).isTrue();
            List<Long> whilePaused = List.of(emulator.publish(ORDERS, Map.of("OrderNumber__c", "P-1")).replayId(),
                    emulator.publish(ORDERS, Map.of("OrderNumber__c", "P-2")).replayId());
            emulator.publish(INVOICES, Map.of("Number__c", "I-1"));
            await().atMost(WAIT).until(() -> listeners.invoices.size() == 1);
            assertThat(listeners.orders).as("nothing reaches a paused listener").isEmpty();
            registry.resumeListener("orders");
            await().atMost(WAIT).until(() -> listeners.finishedOrders.size() == 2);
            assertThat(listeners.finishedOrders).containsExactlyElementsOf(whilePaused);
        }
    }

    private ConfigurableApplicationContext run(SalesforceEmulator emulator, String... properties) {
        return StarterApplications.run(emulator, this.directory.resolve("positions.json"), TwoChannels.class,
                properties);
    }

    private static void awaitSubscribed(ConfigurableApplicationContext context, String... channels) {
        StreamingConnectionState state = context.getBean(StreamingConnectionState.class);
        await().atMost(WAIT).until(() -> state.subscribedChannels().containsAll(List.of(channels)));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class TwoChannels {

        @Bean
        Listeners listeners() {
            return new Listeners();
        }

    }

    static final class Listeners {

        final CountDownLatch stall = new CountDownLatch(1);

        final List<Long> orders = new CopyOnWriteArrayList<>();

        final List<Long> finishedOrders = new CopyOnWriteArrayList<>();

        final List<Long> invoices = new CopyOnWriteArrayList<>();

        @SalesforceListener(channels = ORDERS, id = "orders")
        void onOrder(@ReplayId long replayId) throws InterruptedException {
            this.orders.add(replayId);
            this.stall.await(30, TimeUnit.SECONDS);
            this.finishedOrders.add(replayId);
        }

        @SalesforceListener(channels = INVOICES, id = "invoices")
        void onInvoice(@ReplayId long replayId) {
            this.invoices.add(replayId);
        }

    }

}
