package io.sfstream.emulator;

import java.util.List;
import java.util.Map;

import io.sfstream.emulator.junit.EmbeddedSalesforce;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@EmbeddedSalesforce(pushTopics = "AccountUpdates", platformEvents = "Order_Placed__e", connectTimeoutMillis = 1000,
        reconnectWindowMillis = 2000, newOrgPerTest = true)
class BayeuxStreamingIntegrationTests {

    SalesforceEmulator emulator;

    // A new org per test: each test needs an empty one.
    @BeforeEach
    void start(SalesforceEmulator emulator) {
        this.emulator = emulator;
    }

    @Test
    void aCometdClientReceivesAnEventPublishedAfterItSubscribed() throws Exception {
        String token = this.emulator.issueAccessToken();
        try (StreamingClient client = new StreamingClient(this.emulator.cometdUrl("64.0"), () -> token)) {
            Message handshake = client.handshake();
            assertThat(handshake.isSuccessful()).isTrue();
            assertThat(handshake.getExt()).containsEntry("replay", true).containsEntry("payload.format", true);
            assertThat(client.subscribe("/topic/AccountUpdates", -1).isSuccessful()).isTrue();

            PublishedEvent published = this.emulator.publish("/topic/AccountUpdates", "updated",
                    Map.of("Name", "Acme"));

            Message event = client.nextEvent();
            assertThat(event.getChannel()).isEqualTo("/topic/AccountUpdates");
            assertThat(event.getClientId()).isNull();
            Map<String, Object> data = event.getDataAsMap();
            assertThat(RawBayeux.map(data.get("event"))).containsEntry("type", "updated")
                .containsEntry("replayId", published.replayId());
            assertThat(RawBayeux.map(data.get("sobject"))).containsEntry("Name", "Acme");
        }
    }

    @Test
    void oneConnectResponseCarriesAWholePublishedBatch() {
        RawBayeux raw = RawBayeux.of(this.emulator);
        raw.handshake();
        raw.connect();
        assertThat(raw.subscribe("/event/Order_Placed__e", Map.of("/event/Order_Placed__e", -1)))
            .containsEntry("successful", true);
        List<PublishedEvent> batch = this.emulator.publishBatch("/event/Order_Placed__e",
                List.of(Map.of("N__c", 1), Map.of("N__c", 2), Map.of("N__c", 3)));

        List<Map<String, Object>> response = raw.connect();

        assertThat(response).filteredOn(m -> "/event/Order_Placed__e".equals(m.get("channel"))).hasSize(3);
        assertThat(response).allSatisfy(m -> {
            if (!"/meta/connect".equals(m.get("channel"))) {
                assertThat(m).doesNotContainKey("clientId");
            }
        });
        assertThat(batch).extracting(PublishedEvent::replayId).isSorted();
    }

}
