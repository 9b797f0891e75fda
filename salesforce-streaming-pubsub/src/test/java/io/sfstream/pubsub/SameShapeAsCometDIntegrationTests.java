package io.sfstream.pubsub;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.emulator.SalesforceEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One publish, received on both transports: the Pub/Sub event has the CometD event's
 * payload, event time and event type, so moving a listener between transports is a
 * configuration change. (The emulator's CometD payload lists only the fields published;
 * the Pub/Sub payload has every field of the schema, unset ones {@code null}: those are
 * left out of the comparison, as real CometD payloads carry them as {@code null} too.)
 */
class SameShapeAsCometDIntegrationTests {

    static SalesforceEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = PubSubFixture.startEmulator();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void platformEventsLookTheSameOnBothTransports() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("OrderNumber__c", "A-7");
        fields.put("Quantity__c", 12);
        fields.put("Price__c", 19.99);
        fields.put("Gift__c", false);
        fields.put("ShipTo__c", Map.of("City", "Lyon", "Zip", "69001"));
        compare(PubSubFixture.ORDERS, List.of(Map.of("OrderNumber__c", "A-6"), fields));
    }

    @Test
    void changeEventsLookTheSameOnBothTransports() {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("Id", "001000000000042AAA");
        update.put("Name", "Initech");
        update.put("NumberOfEmployees", 250);
        update.put("BillingAddress", Map.of("City", "Austin", "Country", "US"));
        compare(PubSubFixture.ACCOUNTS, List.of(Map.of("Name", "Initech"), update));
    }

    private void compare(String channel, List<Map<String, Object>> events) {
        PubSubFixture.CountingAuthenticator authenticator = new PubSubFixture.CountingAuthenticator(emulator, true);
        try (StreamingClient cometd = StreamingClient.builder(authenticator)
            .connectionTimeout(Duration.ofSeconds(5))
            .build(); PubSubClient pubsub = PubSubFixture.inProcess(emulator, authenticator).build()) {
            cometd.open();
            pubsub.open();
            cometd.subscribe(channel);
            pubsub.subscribe(channel);
            emulator.publishBatch(channel, events);
            for (int i = 0; i < events.size(); i++) {
                StreamingEvent viaCometD = cometd.receive(Duration.ofSeconds(10));
                StreamingEvent viaPubSub = pubsub.receive(Duration.ofSeconds(10));
                assertThat(viaCometD).isNotNull();
                assertThat(viaPubSub).isNotNull();
                if (viaPubSub.kind() == ChannelKind.CHANGE_DATA_CAPTURE) {
                    // unchanged fields left out as on CometD, with nothing else taken
                    // away
                    assertThat(viaPubSub.payload()).isEqualTo(viaCometD.payload());
                }
                else {
                    assertThat(withoutNulls(viaPubSub.payload())).isEqualTo(viaCometD.payload());
                }
                assertThat(viaPubSub.eventTime()).isEqualTo(viaCometD.eventTime());
                assertThat(viaPubSub.eventType()).isEqualTo(viaCometD.eventType());
                assertThat(viaPubSub.kind()).isEqualTo(viaCometD.kind());
                assertThat(viaPubSub.channel()).isEqualTo(viaCometD.channel());
                assertThat(viaPubSub.data().keySet()).isEqualTo(viaCometD.data().keySet());
                assertThat(viaPubSub.message()).containsKeys("channel", "data");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutNulls(Map<String, Object> payload) {
        Map<String, Object> kept = new LinkedHashMap<>();
        payload.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                kept.put(key, withoutNulls((Map<String, Object>) nested));
            }
            else if (value != null) {
                kept.put(key, value);
            }
        });
        return kept;
    }

}
