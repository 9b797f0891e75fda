package io.sfstream.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cometd.bayeux.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replay ids are 64-bit and exceed 2^32 (and 2^53) on busy orgs: the whole path keeps
 * every digit.
 */
class LargeReplayIdsIntegrationTests {

    static final long BEYOND_INT = 5_000_000_000L;
    static final long BEYOND_DOUBLE = 9_000_000_000_000_000_000L;
    static final String BIG = "/event/Big__e";

    // Not @EmbeddedSalesforce: each test sets its own replay id starts.
    SalesforceEmulator emulator;

    @AfterEach
    void stop() {
        if (this.emulator != null) {
            this.emulator.close();
        }
    }

    @Test
    void everyChannelStartsAtTheBuildersValueAndItTravelsAsAJsonInteger() {
        this.emulator = SalesforceEmulator.builder()
            .pushTopic("AccountUpdates")
            .platformEvent("Order__e")
            .connectTimeout(Duration.ofMillis(500))
            .replayIdStart(BEYOND_INT)
            .start();

        PublishedEvent first = this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "first"));
        PublishedEvent second = this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "second"));

        assertThat(first.replayId()).isEqualTo(BEYOND_INT);
        assertThat(second.replayId()).isGreaterThan(BEYOND_INT);
        assertThat(this.emulator.publish("/event/Order__e", Map.of()).replayId()).isEqualTo(BEYOND_INT);
        RawBayeux raw = RawBayeux.connected(this.emulator);
        raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -2));
        assertThat(ReplayIntegrationTests.replayIds(raw.connect())).containsExactly(first.replayId(),
                second.replayId());
        assertThat(raw.lastResponse.body()).contains("\"replayId\":5000000000", "\"replayId\":" + second.replayId());
    }

    @Test
    void idsBeyond2To53RoundTripAsJsonNumbersAndAsStrings() throws Exception {
        this.emulator = SalesforceEmulator.builder()
            .platformEvent(BIG)
            .connectTimeout(Duration.ofMillis(500))
            .replayIdStart(BIG, BEYOND_DOUBLE)
            .start();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(this.emulator.publish(BIG, Map.of("N__c", i)).replayId());
        }
        assertThat(ids.get(0)).isEqualTo(BEYOND_DOUBLE);

        // ids.get(1) is not a multiple of 2^10: as a double it would lose its last digits
        // and replay itself again
        RawBayeux asNumber = RawBayeux.connected(this.emulator);
        assertThat(asNumber.subscribe(BIG, Map.of(BIG, ids.get(1)))).containsEntry("successful", true);
        assertThat(ReplayIntegrationTests.replayIds(asNumber.connect())).containsExactly(ids.get(2));

        RawBayeux asString = RawBayeux.connected(this.emulator);
        assertThat(asString.subscribe(BIG, Map.of(BIG, Long.toString(ids.get(0))))).containsEntry("successful", true);
        assertThat(ReplayIntegrationTests.replayIds(asString.connect())).containsExactly(ids.get(1), ids.get(2));
        assertThat(asString.lastResponse.body()).contains("\"replayId\":" + ids.get(1) + "}",
                "\"replayId\":" + ids.get(2) + "}");

        long tooOld = BEYOND_DOUBLE - 1;
        assertThat(asString.subscribe(BIG, Map.of(BIG, tooOld))).containsEntry("successful", false)
            .containsEntry("error", "400::The replayId {8999999999999999999} you provided was invalid. Please provide "
                    + "a valid ID, -2 to replay all events, or -1 to replay only new events.");
        assertThat(this.emulator.observations().subscribes()).last()
            .satisfies(s -> assertThat(s.replay()).containsEntry(BIG, tooOld));

        try (StreamingClient cometd = new StreamingClient(this.emulator.cometdUrl("64.0"),
                this.emulator::issueAccessToken)) {
            cometd.handshake();
            assertThat(cometd.subscribe(BIG, ids.get(1)).isSuccessful()).isTrue();
            Message event = cometd.nextEvent();
            Object replayId = RawBayeux.map(event.getDataAsMap().get("event")).get("replayId");
            assertThat(replayId).isInstanceOf(Long.class).isEqualTo(ids.get(2));
        }
    }

    @Test
    void aDeclaredChannelWithoutEventsCanStartAnywhereAtRuntime() {
        this.emulator = SalesforceEmulator.builder().changeDataCapture("AccountChangeEvent").start();
        String late = this.emulator.declarePlatformEvent("Late__e");

        this.emulator.replayIdStart(late, (1L << 32) + 7);
        this.emulator.replayIdStart("/data/AccountChangeEvent", 6_000_000_000L);

        assertThat(this.emulator.publish(late, Map.of()).replayId()).isEqualTo((1L << 32) + 7);
        assertThat(this.emulator.publish("/data/AccountChangeEvent", Map.of("Name", "Acme")).replayId())
            .as("Change Data Capture channels share one sequence")
            .isEqualTo(6_000_000_000L);
        assertThatThrownBy(() -> this.emulator.replayIdStart(late, 10)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> this.emulator.replayIdStart("/event/Nope__e", 10))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> this.emulator.replayIdStart(this.emulator.declarePlatformEvent("Zero__e"), 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SalesforceEmulator.builder().replayIdStart("/nope/X", 10))
            .isInstanceOf(IllegalArgumentException.class);
    }

}
