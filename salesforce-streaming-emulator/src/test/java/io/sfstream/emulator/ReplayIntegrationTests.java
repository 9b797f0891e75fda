package io.sfstream.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.cometd.bayeux.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayIntegrationTests {

    SalesforceEmulator emulator;

    RawBayeux raw;

    // Not @EmbeddedSalesforce: an empty org per test, and a fixed clock.
    @BeforeEach
    void start() {
        this.emulator = SalesforceEmulator.builder()
            .pushTopic("AccountUpdates")
            .platformEvent("Order_Placed__e")
            .clock(EmulatorClock.fixedAt(Instant.parse("2026-11-20T13:44:56.891Z")))
            .connectTimeout(Duration.ofMillis(500))
            .reconnectWindow(Duration.ofSeconds(2))
            .start();
        this.raw = RawBayeux.connected(this.emulator);
    }

    @AfterEach
    void stop() {
        this.emulator.close();
    }

    @Test
    void aSubscribeWhoseReplayMapLacksItsChannelFailsWithSalesforcesMessage() {
        assertThat(this.raw.subscribe("/topic/AccountUpdates", Map.of())).containsEntry("successful", false)
            .containsEntry("error", "400::The replayId for channel {/topic/AccountUpdates} wasn't found using the "
                    + "provided replay ID map {{}}. Ensure that the channel name you provided in the replay map is "
                    + "valid and matches the channel name used for subscribing.");
    }

    @Test
    void minusTwoReplaysEveryRetainedEvent() {
        List<PublishedEvent> stored = publish(3);

        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -2));

        assertThat(replayIds(this.raw.connect())).containsExactlyElementsOf(ids(stored));
    }

    @Test
    void minusOneDeliversOnlyNewEvents() {
        publish(2);
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        List<PublishedEvent> fresh = publish(1);

        assertThat(replayIds(this.raw.connect())).containsExactlyElementsOf(ids(fresh));
    }

    @Test
    void aStoredReplayIdResumesStrictlyAfterThatEvent() {
        List<PublishedEvent> stored = publish(4);

        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", stored.get(1).replayId()));

        assertThat(replayIds(this.raw.connect())).containsExactlyElementsOf(ids(stored.subList(2, 4)));
    }

    @Test
    void replayIdsIncreaseWithGaps() {
        List<Long> ids = ids(publish(30));
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(ids.get(ids.size() - 1) - ids.get(0)).isGreaterThan(ids.size() - 1);
    }

    @Test
    void aReplayIdOlderThanTheRetentionWindowIsInvalid() {
        List<PublishedEvent> old = publish(2);
        this.emulator.clock().advance(Duration.ofHours(25));
        List<PublishedEvent> recent = publish(1);

        assertThat(this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", old.get(0).replayId())))
            .containsEntry("successful", false)
            .containsEntry("error", "400::The replayId {" + old.get(0).replayId() + "} you provided was invalid. "
                    + "Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.");
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -2));
        assertThat(replayIds(this.raw.connect())).containsExactlyElementsOf(ids(recent));
    }

    @Test
    void aQuietChannelWhoseEventsExpiredRejectsItsLastReplayId() {
        long last = publish(1).get(0).replayId();
        this.emulator.clock().advance(Duration.ofHours(24).plusSeconds(1));

        assertThat(this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", last)))
            .containsEntry("successful", false);
    }

    @Test
    void platformEventsAreRetainedFor72Hours() {
        long id = this.emulator.publish("/event/Order_Placed__e", Map.of("N__c", 1)).replayId();
        this.emulator.publish("/event/Order_Placed__e", Map.of("N__c", 2));
        this.emulator.clock().advance(Duration.ofHours(71));

        assertThat(this.raw.subscribe("/event/Order_Placed__e", Map.of("/event/Order_Placed__e", id)))
            .containsEntry("successful", true);
        this.emulator.clock().advance(Duration.ofHours(2));
        assertThat(this.raw.subscribe("/event/Order_Placed__e", Map.of("/event/Order_Placed__e", id)))
            .containsEntry("successful", false);
    }

    @Test
    void aFilteredPushTopicIsKeyedWithoutItsQueryAndFiltersRecords() {
        this.emulator.publish("/topic/AccountUpdates", Map.of("Type", "Cold"));
        PublishedEvent hot = this.emulator.publish("/topic/AccountUpdates", Map.of("Type", "Hot"));

        Map<String, Object> reply = this.raw.subscribe("/topic/AccountUpdates?Type=Hot",
                Map.of("/topic/AccountUpdates", -2));

        assertThat(reply).containsEntry("successful", true)
            .containsEntry("subscription", "/topic/AccountUpdates?Type=Hot");
        List<Map<String, Object>> delivered = this.raw.connect();
        assertThat(replayIds(delivered)).containsExactly(hot.replayId());
        assertThat(delivered.get(0)).containsEntry("channel", "/topic/AccountUpdates?Type=Hot");
    }

    @Test
    void subscribesAreObservedWithTheirReplayMaps() {
        this.emulator.observations().clear();
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -2));

        assertThat(this.emulator.observations().subscribes()).singleElement().satisfies(s -> {
            assertThat(s.subscription()).isEqualTo("/topic/AccountUpdates");
            assertThat(s.replay()).containsEntry("/topic/AccountUpdates", -2L);
            assertThat(s.successful()).isTrue();
        });
    }

    @Test
    void noEventIsLostOrDuplicatedWhenPublishingRacesWithASubscribe() throws Exception {
        int total = 300;
        CountDownLatch halfway = new CountDownLatch(1);
        List<Long> publishedIds = new ArrayList<>();
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                publishedIds.add(this.emulator.publish("/topic/AccountUpdates", Map.of("N", i)).replayId());
                if (i == total / 3) {
                    halfway.countDown();
                }
            }
        });
        try (StreamingClient client = new StreamingClient(this.emulator.cometdUrl("64.0"),
                this.emulator::issueAccessToken)) {
            client.handshake();
            publisher.start();
            halfway.await();
            assertThat(client.subscribe("/topic/AccountUpdates", -2).isSuccessful()).isTrue();
            publisher.join();

            List<Long> received = new ArrayList<>();
            Set<Long> unique = new HashSet<>();
            while (unique.size() < total) {
                Message event = client.nextEvent();
                long id = ((Number) RawBayeux.map(event.getDataAsMap().get("event")).get("replayId")).longValue();
                received.add(id);
                unique.add(id);
            }
            assertThat(client.nextEvent(Duration.ofMillis(300))).isNull();
            assertThat(received).containsExactlyElementsOf(publishedIds);
        }
    }

    private List<PublishedEvent> publish(int count) {
        List<PublishedEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "Acme " + i)));
        }
        return events;
    }

    private static List<Long> ids(List<PublishedEvent> events) {
        return events.stream().map(PublishedEvent::replayId).toList();
    }

    static List<Long> replayIds(List<Map<String, Object>> messages) {
        return messages.stream()
            .filter(m -> !String.valueOf(m.get("channel")).startsWith("/meta/"))
            .map(m -> ((Number) RawBayeux.map(RawBayeux.map(m.get("data")).get("event")).get("replayId")).longValue())
            .toList();
    }

}
