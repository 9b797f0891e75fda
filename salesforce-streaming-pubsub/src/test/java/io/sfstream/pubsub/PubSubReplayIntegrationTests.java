package io.sfstream.pubsub;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sfstream.core.ReplayException;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.FileReplayStore;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.emulator.SalesforceEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where streams start: EARLIEST, LATEST, the stored position across a restart of the
 * client, keepalive ids as positions, a CometD id in the store, and a rejected replay id
 * with each fallback.
 */
class PubSubReplayIntegrationTests {

    @TempDir
    Path directory;

    SalesforceEmulator emulator;

    PubSubFixture.CountingAuthenticator authenticator;

    @BeforeEach
    void start() {
        this.emulator = PubSubFixture.startEmulator();
        this.authenticator = new PubSubFixture.CountingAuthenticator(this.emulator);
    }

    @AfterEach
    void stop() {
        this.emulator.close();
    }

    private List<String> publish(String prefix, int count) {
        List<String> numbers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            this.emulator.publish(PubSubFixture.ORDERS, Map.of("OrderNumber__c", prefix + i));
            numbers.add(prefix + i);
        }
        return numbers;
    }

    private static List<String> receive(PubSubClient client, int count) {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StreamingEvent event = client.receive(Duration.ofSeconds(10));
            assertThat(event).as("event %d of %d", i + 1, count).isNotNull();
            numbers.add((String) event.payload().get("OrderNumber__c"));
        }
        return numbers;
    }

    @Test
    void earliestReplaysEverythingRetainedAndLatestOnlyNewEvents() {
        List<String> old = publish("old-", 3);
        try (PubSubClient all = PubSubFixture.inProcess(this.emulator, this.authenticator)
            .defaultReplay(ReplayFrom.ALL_EVENTS)
            .build(); PubSubClient latest = PubSubFixture.inProcess(this.emulator, this.authenticator).build()) {
            all.open();
            latest.open();
            all.subscribe(PubSubFixture.ORDERS);
            latest.subscribe(PubSubFixture.ORDERS);
            List<String> fresh = publish("new-", 2);
            List<String> expected = new ArrayList<>(old);
            expected.addAll(fresh);
            assertThat(receive(all, 5)).isEqualTo(expected);
            assertThat(receive(latest, 2)).isEqualTo(fresh);
            assertThat(latest.receive(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void aRestartedClientResumesAfterItsStoredPosition() {
        Path file = this.directory.resolve("replay.json");
        try (PubSubClient client = PubSubFixture.inProcess(this.emulator, this.authenticator)
            .replayStore(new FileReplayStore(file))
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS);
            publish("a-", 4);
            assertThat(receive(client, 4)).containsExactly("a-1", "a-2", "a-3", "a-4");
            // the last one taken is committed by close only if the consumer committed it
            client.receive(Duration.ofMillis(200));
        }
        publish("b-", 3);
        FileReplayStore reopened = new FileReplayStore(file);
        assertThat(reopened.load(PubSubFixture.ORDERS)).get()
            .satisfies((position) -> assertThat(position.replayId().isNumeric()).isFalse());
        try (PubSubClient client = PubSubFixture.inProcess(this.emulator, this.authenticator)
            .replayStore(reopened)
            .defaultReplay(ReplayFrom.ALL_EVENTS)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS);
            assertThat(receive(client, 3)).containsExactly("b-1", "b-2", "b-3");
            assertThat(client.receive(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void keepaliveIdsBecomeThePositionOfAQuietChannel() {
        publish("before-", 3);
        InMemoryReplayStore store = new InMemoryReplayStore();
        try (PubSubClient client = PubSubFixture.inProcess(this.emulator, this.authenticator)
            .replayStore(store)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS);
            PubSubFixture.await("a keepalive position stored", () -> store.load(PubSubFixture.ORDERS).isPresent());
        }
        publish("after-", 2);
        try (PubSubClient client = PubSubFixture.inProcess(this.emulator, this.authenticator)
            .replayStore(store)
            .defaultReplay(ReplayFrom.ALL_EVENTS)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS);
            assertThat(receive(client, 2)).containsExactly("after-1", "after-2");
        }
    }

    @Test
    void aCometDReplayIdInTheStoreIsNotSentAndTheChannelStartsFromItsDefault() {
        InMemoryReplayStore store = new InMemoryReplayStore();
        store.save(Map.of(PubSubFixture.ORDERS, new ReplayPosition(12_345L, null)));
        publish("old-", 2);
        try (PubSubClient client = PubSubFixture.inProcess(this.emulator, this.authenticator)
            .replayStore(store)
            .defaultReplay(ReplayFrom.ALL_EVENTS)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS);
            assertThat(receive(client, 2)).containsExactly("old-1", "old-2");
        }
        assertThat(store.load(PubSubFixture.ORDERS).map((position) -> position.replayId().isNumeric()))
            .isEqualTo(Optional.of(false));
    }

    @Test
    void aRejectedReplayIdFallsBackOnceAndLogsTheGap() {
        InMemoryReplayStore store = new InMemoryReplayStore();
        try (PubSubClient client = PubSubFixture.inProcess(this.emulator, this.authenticator)
            .replayStore(store)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS);
            publish("x-", 2);
            receive(client, 2);
            client.receive(Duration.ofMillis(200));
        }
        PubSubFixture.RecordingLifecycle lifecycle = new PubSubFixture.RecordingLifecycle();
        this.emulator.faults().pubSubCorruptReplayIdNext();
        try (PubSubClient client = PubSubFixture.inProcess(this.emulator, this.authenticator)
            .replayStore(store)
            .replayFallback(ReplayFallback.NEW_EVENTS)
            .lifecycleListener(lifecycle)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS);
            PubSubFixture.await("the fallback applied", () -> !lifecycle.fallbacks.isEmpty());
            publish("y-", 2);
            assertThat(receive(client, 2)).containsExactly("y-1", "y-2");
            // a later failure resubscribes after the last event, not from the rejected id
            this.emulator.faults().pubSubResetStreams();
            publish("z-", 1);
            assertThat(receive(client, 1)).containsExactly("z-1");
            assertThat(lifecycle.fallbacks).hasSize(1).allMatch((line) -> line.endsWith("NEW_EVENTS"));
        }
    }

    @Test
    void aForeignReplayIdThatSortsAfterTheNewOnesIsReplacedByTheFirstPositionAfterTheFallback() {
        // An id of another org (or from before a sandbox refresh) that sorts after every
        // id
        // of this one: positions must still move on after the fallback, or every restart
        // would fall back again.
        InMemoryReplayStore store = new InMemoryReplayStore();
        ReplayId foreign = ReplayId.ofBytes(new byte[] { 0x7F, -1, -1, -1, -1, -1, -1, -1 });
        store.save(Map.of(PubSubFixture.ORDERS, new ReplayPosition(foreign, null)));
        PubSubFixture.RecordingLifecycle first = new PubSubFixture.RecordingLifecycle();
        try (PubSubClient client = PubSubFixture.inProcess(this.emulator, this.authenticator)
            .replayStore(store)
            .replayFallback(ReplayFallback.NEW_EVENTS)
            .lifecycleListener(first)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS);
            PubSubFixture.await("the fallback applied", () -> !first.fallbacks.isEmpty());
            publish("y-", 2);
            assertThat(receive(client, 2)).containsExactly("y-1", "y-2");
            client.receive(Duration.ofMillis(200));
        }
        assertThat(store.load(PubSubFixture.ORDERS)).get().extracting(ReplayPosition::replayId).isNotEqualTo(foreign);
        PubSubFixture.RecordingLifecycle second = new PubSubFixture.RecordingLifecycle();
        publish("z-", 1);
        try (PubSubClient client = PubSubFixture.inProcess(this.emulator, this.authenticator)
            .replayStore(store)
            .replayFallback(ReplayFallback.NEW_EVENTS)
            .lifecycleListener(second)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS);
            assertThat(receive(client, 1)).containsExactly("z-1");
            assertThat(second.fallbacks).isEmpty();
        }
    }

    @Test
    void aRejectedReplayIdFailsTheChannelUnderTheFailFallback() {
        InMemoryReplayStore store = new InMemoryReplayStore();
        try (PubSubClient client = PubSubFixture.inProcess(this.emulator, this.authenticator)
            .replayStore(store)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS);
            publish("x-", 1);
            receive(client, 1);
            client.receive(Duration.ofMillis(200));
        }
        this.emulator.faults().pubSubCorruptReplayIdNext();
        try (PubSubClient client = PubSubFixture.inProcess(this.emulator, this.authenticator)
            .replayStore(store)
            .replayFallback(ReplayFallback.FAIL)
            .build()) {
            client.open();
            assertThatThrownBy(() -> client.subscribe(PubSubFixture.ORDERS)).isInstanceOf(ReplayException.class)
                .hasMessageContaining("FAIL");
            assertThat(client.subscriptions()).isEmpty();
        }
    }

}
