package io.sfstream.spring.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sfstream.core.client.ConnectionState;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.pubsub.PubSubEvent;
import io.sfstream.spring.Channel;
import io.sfstream.spring.EventTime;
import io.sfstream.spring.ReplayId;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.Transport;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners over the Pub/Sub API, connected over real gRPC (plaintext HTTP/2 on loopback)
 * to an emulated org that the application reaches through its connection details alone:
 * beside CometD listeners of the same channel, with the payload they see, their positions
 * committed after processing and resumed after a restart, and health and metrics that
 * tell the transports apart.
 */
class PubSubListenerIntegrationTests {

    private static final String ORDERS = "/event/Order_Placed__e";

    private static final String INVOICES = "/event/Invoice__e";

    private static final String ACCOUNTS = "/data/AccountChangeEvent";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SalesforceStreamingMetricsAutoConfiguration.class,
                SalesforceEmulatorConnectionAutoConfiguration.class, SalesforceStreamingAutoConfiguration.class,
                SalesforcePubSubAutoConfiguration.class, SalesforceStreamingHealthAutoConfiguration.class))
        .withPropertyValues("salesforce.streaming.replay.default=all", "salesforce.streaming.back-off.initial=50ms",
                "salesforce.streaming.back-off.max=500ms", "salesforce.streaming.replay.commit-interval=100ms",
                "salesforce.streaming.pubsub.keepalive-timeout=2s", "salesforce.streaming.pubsub.idle-timeout=3s",
                "salesforce.streaming.listener.retry.max-attempts=1")
        .withUserConfiguration(EmulatorConfiguration.class);

    private SalesforceEmulator emulator;

    private final ReplayStore replayStore = new InMemoryReplayStore();

    @BeforeEach
    void startEmulator() {
        this.emulator = SalesforceEmulator.builder()
            .platformEvent("Order_Placed__e")
            .platformEvent("Invoice__e")
            .changeDataCapture("AccountChangeEvent")
            .connectTimeout(Duration.ofSeconds(1))
            .pubSubKeepalivePeriod(Duration.ofMillis(500))
            .pubSubIdleTimeout(Duration.ofSeconds(3))
            .start();
        EmulatorConfiguration.emulator = this.emulator;
        EmulatorConfiguration.replayStore = this.replayStore;
    }

    @AfterEach
    void stopEmulator() {
        this.emulator.close();
    }

    @Test
    void pubSubAndCometDListenersOfOneChannelReceiveTheSamePayload() {
        this.contextRunner.withUserConfiguration(BothTransports.class).run((context) -> {
            assertThat(context).hasNotFailed();
            BothTransports listeners = context.getBean(BothTransports.class);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("OrderNumber__c", "A-1");
            fields.put("Amount__c", 42.5);
            this.emulator.publish(ORDERS, fields);
            await().atMost(Duration.ofSeconds(20))
                .until(() -> listeners.cometdMaps.size() == 1 && listeners.pubSubMaps.size() == 1
                        && listeners.pubSubOrders.size() == 1 && listeners.cometdOrders.size() == 1
                        && listeners.records.size() == 1 && listeners.events.size() == 1);
            Map<String, Object> viaCometD = listeners.cometdMaps.get(0);
            Map<String, Object> viaPubSub = listeners.pubSubMaps.get(0);
            assertThat(viaCometD).containsEntry("OrderNumber__c", "A-1").containsKey("CreatedDate");
            // The Pub/Sub API sends every field of the schema: those not set arrive as
            // null, where CometD leaves them out.
            assertThat(withoutNulls(viaPubSub)).isEqualTo(viaCometD);
            assertThat(listeners.pubSubOrders).isEqualTo(listeners.cometdOrders);
            assertThat(listeners.pubSubOrders.get(0)).isEqualTo(new Order("A-1", 42.5));
            GenericRecord record = listeners.records.get(0);
            assertThat(record.get("OrderNumber__c")).hasToString("A-1");
            assertThat(record.get("CreatedDate")).isInstanceOf(Long.class);
            Headers headers = listeners.events.get(0);
            assertThat(headers.channel()).isEqualTo(ORDERS);
            assertThat(headers.replayId().isNumeric()).isFalse();
            assertThat(headers.eventTime()).isEqualTo(Instant.parse((String) viaCometD.get("CreatedDate")));
            assertThat(headers.event()).isInstanceOf(PubSubEvent.class);
            SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
            assertThat(registry.getClient(Transport.PUBSUB)).isNotNull().isNotSameAs(registry.getClient());
        });
    }

    @Test
    void changeEventsLookTheSameOverBothTransports() {
        this.contextRunner.withUserConfiguration(AccountChanges.class).run((context) -> {
            AccountChanges listeners = context.getBean(AccountChanges.class);
            this.emulator.publish(ACCOUNTS, Map.of("Name", "Initech", "NumberOfEmployees", 250));
            await().atMost(Duration.ofSeconds(20))
                .until(() -> listeners.cometd.size() == 1 && listeners.pubSub.size() == 1);
            Map<String, Object> viaCometD = listeners.cometd.get(0);
            Map<String, Object> viaPubSub = listeners.pubSub.get(0);
            assertThat(withoutNulls(viaPubSub)).isEqualTo(viaCometD);
            @SuppressWarnings("unchecked")
            Map<String, Object> header = (Map<String, Object>) viaPubSub.get("ChangeEventHeader");
            assertThat(header).containsEntry("entityName", "Account");
            assertThat(header.get("changedFields"))
                .isEqualTo(((Map<?, ?>) viaCometD.get("ChangeEventHeader")).get("changedFields"));
        });
    }

    @Test
    void positionsAreCommittedAfterProcessingAndResumedAfterARestart() {
        this.contextRunner.withUserConfiguration(Invoices.class).run((context) -> {
            Invoices invoices = context.getBean(Invoices.class);
            for (int i = 1; i <= 3; i++) {
                this.emulator.publish(INVOICES, Map.of("Number__c", "I-" + i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> invoices.received.size() == 3);
            assertThat(invoices.received).containsExactly("I-1", "I-2", "I-3");
        });
        ReplayPosition stored = this.replayStore.load(INVOICES).orElseThrow();
        assertThat(stored.replayId().isNumeric()).as("an opaque Pub/Sub replay id, stored as it is").isFalse();
        this.emulator.publish(INVOICES, Map.of("Number__c", "I-4"));
        this.emulator.publish(INVOICES, Map.of("Number__c", "I-5"));
        this.contextRunner.withUserConfiguration(Invoices.class).run((context) -> {
            Invoices invoices = context.getBean(Invoices.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> invoices.received.size() >= 2);
            // Long enough for a redelivery of I-1 to I-3 (from all retained events) to
            // show.
            Thread.sleep(1_000);
            assertThat(invoices.received).containsExactly("I-4", "I-5");
        });
    }

    @Test
    void stoppingTheRegistryClosesBothClientsAndStartingItResumesEach() {
        // What leader election does at the end and the start of a leadership term. (One
        // channel per transport: over both, the two clients would commit its position
        // under one key, and each would start over from replay.default.)
        this.contextRunner.withUserConfiguration(Invoices.class, CometDOrders.class).run((context) -> {
            Invoices invoices = context.getBean(Invoices.class);
            CometDOrders orders = context.getBean(CometDOrders.class);
            SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
            this.emulator.publish(INVOICES, Map.of("Number__c", "S-1"));
            this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "S-1"));
            await().atMost(Duration.ofSeconds(20))
                .until(() -> invoices.received.size() == 1 && orders.received.size() == 1);
            assertThat(this.emulator.pubSubOpenStreams()).isEqualTo(1);
            registry.stop();
            assertThat(registry.getClient().state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(registry.getClient(Transport.PUBSUB).state()).isEqualTo(ConnectionState.CLOSED);
            await().atMost(Duration.ofSeconds(5)).until(() -> this.emulator.pubSubOpenStreams() == 0);
            this.emulator.publish(INVOICES, Map.of("Number__c", "S-2"));
            this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "S-2"));
            registry.start();
            await().atMost(Duration.ofSeconds(20))
                .until(() -> invoices.received.size() >= 2 && orders.received.size() >= 2);
            Thread.sleep(500);
            assertThat(invoices.received).containsExactly("S-1", "S-2");
            assertThat(orders.received).containsExactly("S-1", "S-2");
        });
    }

    @Test
    void healthReportsThePubSubClientAndMetricsTagTheTransport() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        this.contextRunner.withUserConfiguration(BothTransports.class).run((context) -> {
            context.getBean(SalesforceStreamingMetrics.class).bindTo(meters);
            BothTransports listeners = context.getBean(BothTransports.class);
            this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "M-1"));
            await().atMost(Duration.ofSeconds(20))
                .until(() -> listeners.cometdMaps.size() == 1 && listeners.pubSubMaps.size() == 1);
            HealthIndicator indicator = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Health health = indicator.health(true);
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("state", "CONNECTED");
                @SuppressWarnings("unchecked")
                Map<String, Object> pubSub = (Map<String, Object>) health.getDetails().get("pubsub");
                assertThat(pubSub).containsEntry("state", "CONNECTED");
                assertThat(pubSub.get("subscriptions")).isEqualTo(java.util.Set.of(ORDERS));
            });
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(meters.get("salesforce.streaming.events.received")
                    .tag("channel", ORDERS)
                    .tag("transport", "pubsub")
                    .counter()
                    .count()).isEqualTo(1);
                assertThat(meters.get("salesforce.streaming.events.received")
                    .tag("channel", ORDERS)
                    .tag("transport", "cometd")
                    .counter()
                    .count()).isEqualTo(1);
                assertThat(meters.get("salesforce.streaming.events.processed")
                    .tag("listener", "pubSubMap")
                    .tag("transport", "pubsub")
                    .counter()
                    .count()).isEqualTo(1);
            });
            // A token refused over the Pub/Sub API: that client gets a new one, and its
            // meter says so.
            this.emulator.faults().pubSubAuthError();
            this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "M-2"));
            await().atMost(Duration.ofSeconds(20)).until(() -> listeners.pubSubMaps.size() == 2);
            assertThat(
                    meters.get("salesforce.streaming.reauthentications").tag("transport", "pubsub").counter().count())
                .isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void aTopicTheOrgDeniesMakesHealthDownNamingTheTransportAndTheChannel() {
        this.emulator.faults().pubSubDenyTopic(INVOICES);
        this.contextRunner.withUserConfiguration(Invoices.class, CometDOrders.class).run((context) -> {
            HealthIndicator indicator = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Health health = indicator.health(true);
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails()).containsEntry("state", "CONNECTED")
                    .containsEntry("reason", "Pub/Sub API: Salesforce refused channel subscriptions");
                @SuppressWarnings("unchecked")
                Map<String, Object> pubSub = (Map<String, Object>) health.getDetails().get("pubsub");
                assertThat(pubSub).containsKey("failedChannels");
                assertThat(pubSub.get("failedChannels")).isInstanceOf(Map.class)
                    .asString()
                    .startsWith("{" + INVOICES + "=");
            });
            // The CometD listener is unaffected.
            this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "D-1"));
            CometDOrders orders = context.getBean(CometDOrders.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> orders.received.contains("D-1"));
        });
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> payload) {
        Map<String, Object> copy = new LinkedHashMap<>();
        payload.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) nested;
                copy.put(key, withoutNulls(map));
            }
            else if (value != null) {
                copy.put(key, value);
            }
        });
        return copy;
    }

    @Configuration(proxyBeanMethods = false)
    static class EmulatorConfiguration {

        static SalesforceEmulator emulator;

        static ReplayStore replayStore;

        @Bean(destroyMethod = "")
        SalesforceEmulator salesforceEmulator() {
            return emulator;
        }

        @Bean
        ReplayStore testReplayStore() {
            return replayStore;
        }

    }

    record Order(String OrderNumber__c, double Amount__c) {
    }

    record Headers(StreamingEvent event, io.sfstream.core.replay.ReplayId replayId, Instant eventTime, String channel) {
    }

    static class BothTransports {

        final List<Map<String, Object>> cometdMaps = new CopyOnWriteArrayList<>();

        final List<Map<String, Object>> pubSubMaps = new CopyOnWriteArrayList<>();

        final List<Order> cometdOrders = new CopyOnWriteArrayList<>();

        final List<Order> pubSubOrders = new CopyOnWriteArrayList<>();

        final List<GenericRecord> records = new CopyOnWriteArrayList<>();

        final List<Headers> events = new CopyOnWriteArrayList<>();

        @SalesforceListener(id = "cometdMap", value = ORDERS)
        void cometdMap(Map<String, Object> order) {
            this.cometdMaps.add(order);
        }

        @SalesforceListener(id = "pubSubMap", value = ORDERS, transport = Transport.PUBSUB)
        void pubSubMap(Map<String, Object> order) {
            this.pubSubMaps.add(order);
        }

        @SalesforceListener(id = "cometdRecord", value = ORDERS, transport = Transport.COMETD)
        void cometdRecord(Order order) {
            this.cometdOrders.add(order);
        }

        @SalesforceListener(id = "pubSubRecord", value = ORDERS, transport = Transport.PUBSUB)
        void pubSubRecord(Order order) {
            this.pubSubOrders.add(order);
        }

        @SalesforceListener(id = "avro", value = ORDERS, transport = Transport.PUBSUB)
        void avro(GenericRecord order) {
            this.records.add(order);
        }

        @SalesforceListener(id = "headers", value = ORDERS, transport = Transport.PUBSUB)
        void headers(PubSubEvent event, @ReplayId io.sfstream.core.replay.ReplayId replayId,
                @EventTime Instant eventTime, @Channel String channel) {
            this.events.add(new Headers(event, replayId, eventTime, channel));
        }

    }

    static class AccountChanges {

        final List<Map<String, Object>> cometd = new CopyOnWriteArrayList<>();

        final List<Map<String, Object>> pubSub = new CopyOnWriteArrayList<>();

        @SalesforceListener(value = ACCOUNTS)
        void overCometD(Map<String, Object> change) {
            this.cometd.add(change);
        }

        @SalesforceListener(value = ACCOUNTS, transport = Transport.PUBSUB)
        void overPubSub(Map<String, Object> change) {
            this.pubSub.add(change);
        }

    }

    static class CometDOrders {

        final List<String> received = new CopyOnWriteArrayList<>();

        @SalesforceListener(ORDERS)
        void onOrder(Map<String, Object> order) {
            this.received.add((String) order.get("OrderNumber__c"));
        }

    }

    static class Invoices {

        final List<String> received = new CopyOnWriteArrayList<>();

        @SalesforceListener(value = INVOICES, transport = Transport.PUBSUB)
        void onInvoice(Map<String, Object> invoice) {
            this.received.add((String) invoice.get("Number__c"));
        }

    }

}
