package io.sfstream.spring.test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sfstream.emulator.PublishedEvent;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.junit.EmbeddedSalesforce;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.autoconfigure.SalesforceCredentials;
import io.sfstream.spring.autoconfigure.SalesforceStreamingConnectionDetails;
import io.sfstream.spring.test.ProcessedEventLog.ListenerCall;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code @SpringBootTest} with {@code @EmbeddedSalesforce} and not one
 * {@code salesforce.streaming.*} property: the application logs in to the emulated org,
 * the test gets the same emulator, and {@link SalesforceTestPublisher} publishes and
 * waits for the listeners.
 */
@SpringBootTest(properties = "salesforce.streaming.listener.retry.max-attempts=1")
@EmbeddedSalesforce(platformEvents = { "Order_Placed__e", "Unheard__e" }, connectTimeoutMillis = 1_000)
class EmbeddedSalesforceSpringBootIntegrationTests {

    private static final String ORDERS = "/event/Order_Placed__e";

    @Autowired
    private SalesforceEmulator emulatorBean;

    @Autowired
    private SalesforceStreamingConnectionDetails connectionDetails;

    @Autowired
    private SalesforceTestPublisher publisher;

    @Autowired
    private Orders orders;

    @Autowired
    private Environment environment;

    @BeforeEach
    void forget() {
        this.orders.received.clear();
    }

    @Test
    void theApplicationLogsInToTheEmulatorTheTestGets(SalesforceEmulator emulator) {
        assertThat(emulator).isSameAs(this.emulatorBean);
        assertThat(this.connectionDetails.getLoginUrl()).isEqualTo(emulator.loginUrl());
        assertThat(this.connectionDetails.getCredentials()).isInstanceOf(SalesforceCredentials.Password.class);
        assertThat(this.environment.getProperty("salesforce.streaming.username")).isNull();
        assertThat(this.environment.getProperty("salesforce.streaming.replay.store")).isEqualTo("memory");
    }

    @Test
    void publishAndAwaitReturnsOnceTheListenerHasFinished() {
        ListenerDelivery delivery = this.publisher.publishAndAwait(ORDERS, Map.of("OrderNumber__c", "A-1"));
        assertThat(delivery.succeeded()).isTrue();
        assertThat(delivery.calls()).extracting(ListenerCall::listenerId).containsExactly("orders");
        assertThat(this.orders.received).containsExactly("A-1");
    }

    @Test
    void aFailingListenerShowsInTheDelivery() {
        ListenerDelivery delivery = this.publisher.publishAndAwait(ORDERS, Map.of("OrderNumber__c", "FAIL"));
        assertThat(delivery.succeeded()).isFalse();
        assertThat(delivery.failures()).singleElement()
            .satisfies((call) -> assertThat(call.error()).hasMessageContaining("refused order FAIL"));
    }

    @Test
    void eventsPublishedWithTheEmulatorCanBeAwaited(SalesforceEmulator emulator) {
        this.publisher.publishAndAwait(ORDERS, Map.of("OrderNumber__c", "B-0"));
        List<PublishedEvent> batch = emulator.publishBatch(ORDERS,
                List.of(Map.of("OrderNumber__c", "B-1"), Map.of("OrderNumber__c", "B-2")));
        this.publisher.await(batch.get(1));
        assertThat(this.orders.received).containsExactly("B-0", "B-1", "B-2");
    }

    @Test
    void listenersGetEventsPublishedWhileTheTokenIsRevoked(SalesforceEmulator emulator) {
        // A first event gives the channel a position to resume from (a channel starting
        // from new events has none before).
        this.publisher.publishAndAwait(ORDERS, Map.of("OrderNumber__c", "R-0"));
        emulator.faults().revokeAllTokens();
        ListenerDelivery delivery = this.publisher.publishAndAwait(ORDERS, Map.of("OrderNumber__c", "R-1"));
        assertThat(delivery.succeeded()).isTrue();
        assertThat(this.orders.received).containsExactly("R-0", "R-1");
    }

    @Test
    void aChannelWithoutListenersIsAClearError() {
        assertThatIllegalStateException()
            .isThrownBy(() -> this.publisher.publishAndAwait("/event/Unheard__e", Map.of()))
            .withMessageContaining("No running, unpaused @SalesforceListener method listens on /event/Unheard__e")
            .withMessageContaining("orders [/event/Order_Placed__e]");
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
            String number = (String) payload.get("OrderNumber__c");
            if ("FAIL".equals(number)) {
                throw new IllegalStateException("refused order " + number);
            }
            this.received.add(number);
        }

    }

}
