package io.sfstream.pubsub;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sfstream.core.ServerException;
import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.emulator.PublishedEvent;
import io.sfstream.emulator.SalesforceEmulator;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client over the in-process transport: every payload kind, the CometD shape of
 * events, schemas, channel rules.
 */
class PubSubClientIntegrationTests {

    static SalesforceEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = PubSubFixture.emulatorBuilder().platformEvent("Typed__e", "Amount__c", "Note__c").start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private PubSubClient client() {
        PubSubClient client = PubSubFixture.inProcess(emulator, new PubSubFixture.CountingAuthenticator(emulator))
            .build();
        client.open();
        return client;
    }

    @Test
    void platformEventArrivesInTheCometDShape() {
        try (PubSubClient client = client()) {
            client.subscribe(PubSubFixture.ORDERS);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("OrderNumber__c", "A-1");
            fields.put("Quantity__c", 3);
            fields.put("Price__c", 9.5);
            fields.put("Rush__c", true);
            PublishedEvent published = emulator.publish(PubSubFixture.ORDERS, fields);
            PubSubEvent event = (PubSubEvent) client.receive(Duration.ofSeconds(10));
            assertThat(event).isNotNull();
            assertThat(event.channel()).isEqualTo(PubSubFixture.ORDERS);
            assertThat(event.kind()).isEqualTo(ChannelKind.PLATFORM_EVENT);
            assertThat(event.replayId().isNumeric()).isFalse();
            assertThat(event.replayId().toByteArray()).hasSize(8);
            assertThat(event.payload()).containsEntry("OrderNumber__c", "A-1")
                .containsEntry("Quantity__c", 3L)
                .containsEntry("Price__c", 9.5)
                .containsEntry("Rush__c", true)
                .containsEntry("CreatedById", published.data().get("payload") instanceof Map<?, ?> payload
                        ? payload.get("CreatedById") : null);
            assertThat(event.payload().get("CreatedDate")).asString()
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(event.eventTime()).isEqualTo(Instant.parse((String) event.payload().get("CreatedDate")));
            assertThat(event.eventType()).isNull();
            assertThat(event.eventId()).isEqualTo(published.eventUuid());
            assertThat(event.data()).containsEntry("schema", event.schemaId())
                .containsEntry("payload", event.payload());
            assertThat(event.data().get("event"))
                .isEqualTo(Map.of("replayId", Base64.getEncoder().encodeToString(event.replayId().toByteArray()),
                        "EventUuid", published.eventUuid()));
            assertThat(event.message()).containsEntry("channel", PubSubFixture.ORDERS)
                .containsEntry("data", event.data());
            assertThat(event.payloadJson()).contains("\"OrderNumber__c\":\"A-1\"");
            GenericRecord record = event.record();
            assertThat(record.getSchema().getFullName()).isEqualTo("com.sforce.eventbus.Order_Placed__e");
            assertThat(record.get("CreatedDate")).isEqualTo(event.eventTime().toEpochMilli());
        }
    }

    @Test
    void changeEventBitmapsAreDecodedIntoFieldNamesIncludingCompoundFields() {
        try (PubSubClient client = client()) {
            client.subscribe(PubSubFixture.ACCOUNTS);
            Map<String, Object> address = new LinkedHashMap<>();
            address.put("Street", "1 Main St");
            address.put("City", "Paris");
            address.put("PostalCode", "75001");
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("entityName", "Account");
            header.put("recordIds", List.of("001000000000001AAA"));
            header.put("changeType", "UPDATE");
            header.put("changeOrigin", "com/salesforce/api/soap/64.0;client=test");
            header.put("transactionKey", "0001-tx");
            header.put("sequenceNumber", 1);
            header.put("commitTimestamp", 1_790_000_000_123L);
            header.put("commitNumber", 11L);
            header.put("commitUser", "005000000000001AAA");
            header.put("nulledFields", List.of("Phone"));
            header.put("diffFields", List.of());
            header.put("changedFields", List.of("Name", "Phone", "BillingAddress.City", "BillingAddress.PostalCode"));
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("ChangeEventHeader", header);
            fields.put("Name", "Acme");
            fields.put("Phone", null);
            fields.put("BillingAddress", address);
            emulator.publish(PubSubFixture.ACCOUNTS, fields);
            PubSubEvent event = (PubSubEvent) client.receive(Duration.ofSeconds(10));
            assertThat(event).isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> decoded = (Map<String, Object>) event.payload().get("ChangeEventHeader");
            assertThat(decoded.get("changedFields"))
                .isEqualTo(List.of("Name", "Phone", "BillingAddress.City", "BillingAddress.PostalCode"));
            assertThat(decoded.get("nulledFields")).isEqualTo(List.of("Phone"));
            assertThat(decoded).containsEntry("changeType", "UPDATE")
                .containsEntry("commitTimestamp", 1_790_000_000_123L)
                .containsEntry("sequenceNumber", 1L)
                .containsEntry("recordIds", List.of("001000000000001AAA"));
            assertThat(event.eventType()).isEqualTo("UPDATE");
            assertThat(event.eventTime()).isEqualTo(Instant.ofEpochMilli(1_790_000_000_123L));
            assertThat(event.payload()).containsEntry("Name", "Acme").containsEntry("Phone", null);
            assertThat(event.payload().get("BillingAddress"))
                .isEqualTo(Map.of("Street", "1 Main St", "City", "Paris", "PostalCode", "75001"));
            GenericRecord header2 = (GenericRecord) event.record().get("ChangeEventHeader");
            assertThat(header2.get("changedFields").toString()).contains("0x").contains("-0x");
            assertThat(event.data().get("event"))
                .isEqualTo(Map.of("replayId", Base64.getEncoder().encodeToString(event.replayId().toByteArray())));
        }
    }

    @Test
    void customChannelAndAllChangeEventsAreServed() {
        try (PubSubClient client = client()) {
            client.subscribe(PubSubFixture.CUSTOM_CHANNEL);
            client.subscribe("/data/ChangeEvents");
            emulator.publish(PubSubFixture.CUSTOM_CHANNEL, Map.of("Order__c", "C-1"));
            emulator.publish(PubSubFixture.ACCOUNTS, Map.of("Name", "Globex"));
            StreamingEvent first = client.receive(Duration.ofSeconds(10));
            StreamingEvent second = client.receive(Duration.ofSeconds(10));
            assertThat(List.of(first.channel(), second.channel()))
                .containsExactlyInAnyOrder(PubSubFixture.CUSTOM_CHANNEL, "/data/ChangeEvents");
            StreamingEvent custom = first.channel().equals(PubSubFixture.CUSTOM_CHANNEL) ? first : second;
            StreamingEvent change = (custom == first) ? second : first;
            assertThat(custom.payload()).containsEntry("Order__c", "C-1");
            assertThat(change.payload()).containsEntry("Name", "Globex");
            assertThat(change.eventType()).isEqualTo("CREATE");
        }
    }

    @Test
    void aTypeThatGainsAFieldGetsANewSchemaAndOldAndNewEventsDecode() {
        try (PubSubClient client = client()) {
            client.subscribe("/event/Typed__e");
            emulator.publish("/event/Typed__e", Map.of("Amount__c", 5));
            emulator.publish("/event/Typed__e", Map.of("Amount__c", 6, "Note__c", "hello"));
            emulator.publish("/event/Typed__e", Map.of("Amount__c", "seven"));
            PubSubEvent first = (PubSubEvent) client.receive(Duration.ofSeconds(10));
            PubSubEvent second = (PubSubEvent) client.receive(Duration.ofSeconds(10));
            PubSubEvent third = (PubSubEvent) client.receive(Duration.ofSeconds(10));
            assertThat(first.payload()).containsEntry("Amount__c", 5L);
            assertThat(second.payload()).containsEntry("Amount__c", 6L).containsEntry("Note__c", "hello");
            assertThat(third.payload()).containsEntry("Amount__c", "seven");
            assertThat(third.schemaId()).isNotEqualTo(first.schemaId());
        }
    }

    @Test
    void undeclaredFieldsOfASchemaLessEventWidenItsSchema() {
        try (PubSubClient client = client()) {
            client.subscribe(PubSubFixture.ORDERS, ReplayFrom.NEW_EVENTS);
            emulator.publish(PubSubFixture.ORDERS, Map.of("A__c", "1"));
            emulator.publish(PubSubFixture.ORDERS, Map.of("A__c", "2", "B__c", "x"));
            PubSubEvent first = (PubSubEvent) client.receive(Duration.ofSeconds(10));
            PubSubEvent second = (PubSubEvent) client.receive(Duration.ofSeconds(10));
            assertThat(first.schemaId()).isNotEqualTo(second.schemaId());
            assertThat(second.payload()).containsEntry("B__c", "x");
            assertThat(first.payload()).containsEntry("A__c", "1");
        }
    }

    @Test
    void cometDOnlyChannelsAreRefusedAtOnce() {
        try (PubSubClient client = client()) {
            assertThatIllegalArgumentException().isThrownBy(() -> client.subscribe("/topic/AccountUpdates"))
                .withMessageContaining("/topic/AccountUpdates")
                .withMessageContaining("CometD-only");
            assertThatIllegalArgumentException().isThrownBy(() -> client.subscribe("/u/Notifications"))
                .withMessageContaining("CometD-only");
        }
    }

    @Test
    void anUnknownTopicFailsAloneAndOthersKeepRunning() {
        PubSubFixture.RecordingLifecycle lifecycle = new PubSubFixture.RecordingLifecycle();
        try (PubSubClient client = PubSubFixture.inProcess(emulator, new PubSubFixture.CountingAuthenticator(emulator))
            .lifecycleListener(lifecycle)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS);
            assertThatThrownBy(() -> client.subscribe("/event/Missing__e")).isInstanceOf(ServerException.class)
                .hasMessageContaining("/event/Missing__e");
            assertThat(lifecycle.failures).anyMatch((failure) -> failure.startsWith("/event/Missing__e"));
            assertThat(client.subscriptions()).containsExactly(PubSubFixture.ORDERS);
            emulator.publish(PubSubFixture.ORDERS, Map.of("OrderNumber__c", "still"));
            assertThat(client.receive(Duration.ofSeconds(10)).payload()).containsEntry("OrderNumber__c", "still");
        }
    }

    @Test
    void aDeniedTopicFailsAloneWhileStreaming() {
        PubSubFixture.RecordingLifecycle lifecycle = new PubSubFixture.RecordingLifecycle();
        try (PubSubClient client = PubSubFixture.inProcess(emulator, new PubSubFixture.CountingAuthenticator(emulator))
            .lifecycleListener(lifecycle)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS);
            client.subscribe(PubSubFixture.CUSTOM_CHANNEL);
            emulator.faults().pubSubDenyTopic(PubSubFixture.CUSTOM_CHANNEL);
            PubSubFixture.await("the denied channel dropped",
                    () -> client.subscriptions().equals(java.util.Set.of(PubSubFixture.ORDERS)));
            assertThat(lifecycle.failures).anyMatch((failure) -> failure.contains("PERMISSION_DENIED"));
            emulator.publish(PubSubFixture.ORDERS, Map.of("OrderNumber__c", "alive"));
            assertThat(client.receive(Duration.ofSeconds(10)).payload()).containsEntry("OrderNumber__c", "alive");
        }
        finally {
            emulator.faults().reset();
        }
    }

    @Test
    void plaintextIsOnlyForLoopback() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> PubSubClient.builder(() -> null).host("api.pubsub.salesforce.com").plaintext().build())
            .withMessageContaining("api.pubsub.salesforce.com");
        PubSubClient.builder(() -> null).host("127.0.0.1").plaintext().build().close();
        PubSubClient.builder(() -> null).host("localhost").plaintext().build().close();
    }

}
