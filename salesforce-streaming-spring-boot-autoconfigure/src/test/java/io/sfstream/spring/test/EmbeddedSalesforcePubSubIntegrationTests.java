package io.sfstream.spring.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.junit.EmbeddedSalesforce;
import io.sfstream.pubsub.PubSubClient;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.Transport;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * {@code @SpringBootTest} with {@code @EmbeddedSalesforce} and one property,
 * {@code salesforce.streaming.transport=pubsub}: the listeners receive over the
 * emulator's Pub/Sub API server (real gRPC on a free port) with no connection property.
 */
@SpringBootTest(properties = { "salesforce.streaming.transport=pubsub", "salesforce.streaming.replay.default=all",
        "salesforce.streaming.pubsub.keepalive-timeout=2s", "salesforce.streaming.pubsub.idle-timeout=3s" })
@EmbeddedSalesforce(platformEvents = "Order_Placed__e", pubSubPort = 0, pubSubKeepaliveMillis = 500,
        pubSubIdleTimeoutMillis = 3_000, connectTimeoutMillis = 1_000)
class EmbeddedSalesforcePubSubIntegrationTests {

    private static final String ORDERS = "/event/Order_Placed__e";

    @Autowired
    private Orders orders;

    @Autowired
    private SalesforceListenerEndpointRegistry registry;

    @Autowired
    private SalesforceTestPublisher publisher;

    @Test
    void listenersReceiveOverTheEmulatorsPubSubServer(SalesforceEmulator emulator) {
        emulator.publish(ORDERS, Map.of("OrderNumber__c", "P-1"));
        emulator.publish(ORDERS, Map.of("OrderNumber__c", "P-2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> this.orders.received.size() >= 2);
        assertThat(this.orders.received).containsExactly("P-1", "P-2");
        assertThat(this.registry.getClient(Transport.PUBSUB)).isInstanceOf(PubSubClient.class);
        assertThat(emulator.pubSubOpenStreams()).isEqualTo(1);
    }

    @Test
    void theTestPublisherSaysItAwaitsCometDListenersOnly() {
        assertThatIllegalStateException()
            .isThrownBy(() -> this.publisher.publishAndAwait(ORDERS, Map.of("OrderNumber__c", "P-0")))
            .withMessageContaining("over CometD")
            .withMessageContaining("orders [/event/Order_Placed__e] (Pub/Sub API)");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Application {

        @Bean
        Orders orders() {
            return new Orders();
        }

    }

    static class Orders {

        final List<String> received = new CopyOnWriteArrayList<>();

        @SalesforceListener(id = "orders", value = ORDERS)
        void onOrder(Map<String, Object> payload) {
            this.received.add((String) payload.get("OrderNumber__c"));
        }

    }

}
