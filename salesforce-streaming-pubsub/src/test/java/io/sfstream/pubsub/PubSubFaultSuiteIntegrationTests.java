package io.sfstream.pubsub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.FileReplayStore;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.emulator.SalesforceEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite of the Pub/Sub client, over the emulator's real port (Netty, HTTP/2):
 * numbered events published on three channels (a platform event, a custom channel, a
 * change event entity) before, during and after each fault of PUBSUB section 5, consumed
 * by a listener with the file replay store; every test audits what was published against
 * what was processed (lost, duplicates, time to recover: from the fault to the first
 * event published after it being processed) and adds a row to
 * {@code target/pubsub-fault-report.md}. Nothing may be lost.
 */
class PubSubFaultSuiteIntegrationTests {

    static final List<String> CHANNELS = List.of(PubSubFixture.ORDERS, PubSubFixture.CUSTOM_CHANNEL,
            PubSubFixture.ACCOUNTS);

    static final List<String> ROWS = new CopyOnWriteArrayList<>();

    static SalesforceEmulator emulator;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() {
        emulator = PubSubFixture.startEmulator();
    }

    @AfterAll
    static void stop() throws IOException {
        emulator.close();
        List<String> lines = new ArrayList<>();
        lines.add("# Pub/Sub client fault suite (3 channels, real port)");
        lines.add("");
        lines.add("| fault | published | processed | lost | duplicates | time to recover |");
        lines.add("|---|---|---|---|---|---|");
        lines.addAll(ROWS);
        Path report = Path.of("target", "pubsub-fault-report.md");
        Files.createDirectories(report.getParent());
        Files.write(report, lines);
        lines.forEach(System.out::println);
    }

    @Test
    void tokenRefusedIsReplacedWithNothingLost() throws Exception {
        run("UNAUTHENTICATED (service.auth.error, tokens revoked): new token",
                () -> emulator.faults().pubSubAuthError(),
                (harness) -> assertThat(harness.lifecycle.reauthenticated.get()).isPositive());
    }

    @Test
    void serviceUnavailableIsRetriedWithNothingLost() throws Exception {
        run("UNAVAILABLE (service.unavailable) for 1 s: back-off",
                () -> emulator.faults().pubSubUnavailable(Duration.ofSeconds(1)), (harness) -> {
                });
    }

    @Test
    void limitExceededIsRetriedAndReportedWithNothingLost() throws Exception {
        run("RESOURCE_EXHAUSTED (subscription.limit.exceeded) for 1 s: long back-off",
                () -> emulator.faults().pubSubLimitExceeded(Duration.ofSeconds(1)),
                (harness) -> assertThat(harness.lifecycle.limits).isNotEmpty());
    }

    @Test
    void streamResetIsRetriedWithNothingLost() throws Exception {
        run("stream reset (UNAVAILABLE, no error-code)", () -> emulator.faults().pubSubResetStreams(),
                (harness) -> PubSubFixture.await("connected() again for each channel",
                        () -> harness.lifecycle.connected.get() >= 1 + CHANNELS.size()));
    }

    @Test
    void silentStreamsAreResubscribedByTheWatchdogWithNothingLost() throws Exception {
        run("keepalives stop (streams silent, watchdog 2 s)", () -> emulator.faults().pubSubStopKeepalives(),
                (harness) -> assertThat(harness.lifecycle.disconnected.get()).isGreaterThanOrEqualTo(3));
    }

    @Test
    void corruptedReplayIdOnResubscribeFallsBackOnceWithNothingLost() throws Exception {
        run("replayid.corrupted on a resubscribe (fallback ALL_EVENTS)", () -> {
            emulator.faults().pubSubCorruptReplayIdNext();
            emulator.faults().pubSubResetStreams();
        }, (harness) -> assertThat(harness.lifecycle.fallbacks).hasSize(1));
    }

    @Test
    void serverDownAndBackOnTheSamePortLosesNothing() throws Exception {
        run("server stopped 1 s, restarted on the same port", () -> {
            emulator.stop();
            sleep(1_000);
            emulator.restart();
        }, (harness) -> {
        });
    }

    @Test
    void aStalledListenerParksTheStreamsAndLosesNothing() throws Exception {
        AtomicBoolean stallOnce = new AtomicBoolean();
        run("listener stalled 4.5 s (> idle timeout 3 s), maxPendingCount 20", () -> stallOnce.set(true),
                (harness) -> assertThat(harness.lifecycle.disconnected).hasValue(0), (event) -> {
                    if (stallOnce.compareAndSet(true, false)) {
                        sleep(4_500);
                    }
                });
    }

    private void run(String fault, Runnable inject, java.util.function.Consumer<Harness> check) throws Exception {
        run(fault, inject, check, (event) -> {
        });
    }

    private void run(String fault, Runnable inject, java.util.function.Consumer<Harness> check,
            java.util.function.Consumer<StreamingEvent> listenerBehaviour) throws Exception {
        emulator.faults().reset();
        Harness harness = new Harness(this.directory.resolve("replay.json"));
        try (PubSubClient client = PubSubFixture.overNetty(emulator, new PubSubFixture.CountingAuthenticator(emulator))
            .replayStore(new FileReplayStore(harness.store))
            .maxPendingCount(20)
            .defaultReplay(ReplayFrom.NEW_EVENTS)
            .lifecycleListener(harness.lifecycle)
            .build()) {
            client.open();
            client.addListener((event) -> {
                listenerBehaviour.accept(event);
                harness.processed(event);
            });
            for (String channel : CHANNELS) {
                client.subscribe(channel);
            }
            harness.publish(15);
            PubSubFixture.await("the first events", () -> harness.processedCount() >= 30);
            long faultAt = System.nanoTime();
            inject.run();
            long firstAfter = harness.publish(15);
            harness.publishSlowly(15, Duration.ofMillis(40));
            PubSubFixture.await("every event of " + fault, Duration.ofSeconds(40), harness::allProcessed);
            long recoveredAt = harness.processedAt(firstAfter);
            Map<String, int[]> audit = harness.audit();
            int published = audit.values().stream().mapToInt((row) -> row[0]).sum();
            int processed = audit.values().stream().mapToInt((row) -> row[1]).sum();
            int lost = audit.values().stream().mapToInt((row) -> row[2]).sum();
            int duplicates = audit.values().stream().mapToInt((row) -> row[3]).sum();
            ROWS.add("| " + fault + " | " + published + " | " + processed + " | " + lost + " | " + duplicates + " | "
                    + Duration.ofNanos(Math.max(0, recoveredAt - faultAt)).toMillis() + " ms |");
            assertThat(lost).as("lost events: %s", harness.missing()).isZero();
            assertThat(harness.inOrderPerChannel()).isTrue();
            check.accept(harness);
        }
        finally {
            emulator.faults().reset();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** The numbered stream of one test and what the listener did with it. */
    static final class Harness {

        final Path store;

        final String run = UUID.randomUUID().toString().substring(0, 8);

        final PubSubFixture.RecordingLifecycle lifecycle = new PubSubFixture.RecordingLifecycle();

        final AtomicLong sequence = new AtomicLong();

        final Map<String, List<Long>> published = new ConcurrentHashMap<>();

        final Map<String, List<Long>> processed = new ConcurrentHashMap<>();

        final Map<Long, Long> processedAt = new ConcurrentHashMap<>();

        Harness(Path store) {
            this.store = store;
        }

        /**
         * Publishes one event per channel, count times; returns the first sequence
         * number.
         */
        long publish(int count) {
            long first = this.sequence.get() + 1;
            for (int i = 0; i < count; i++) {
                for (String channel : CHANNELS) {
                    long seq = this.sequence.incrementAndGet();
                    emulator.publish(channel, Map.of("Run__c", this.run, "Seq__c", seq));
                    this.published.computeIfAbsent(channel, (key) -> new CopyOnWriteArrayList<>()).add(seq);
                }
            }
            return first;
        }

        void publishSlowly(int count, Duration pause) {
            for (int i = 0; i < count; i++) {
                publish(1);
                sleep(pause.toMillis());
            }
        }

        void processed(StreamingEvent event) {
            if (!this.run.equals(event.payload().get("Run__c"))) {
                return;
            }
            long seq = (Long) event.payload().get("Seq__c");
            this.processed.computeIfAbsent(event.channel(), (key) -> new CopyOnWriteArrayList<>()).add(seq);
            this.processedAt.putIfAbsent(seq, System.nanoTime());
        }

        int processedCount() {
            return this.processed.values().stream().mapToInt(List::size).sum();
        }

        long processedAt(long seq) {
            return this.processedAt.getOrDefault(seq, System.nanoTime());
        }

        boolean allProcessed() {
            return missing().isEmpty();
        }

        List<String> missing() {
            List<String> missing = new ArrayList<>();
            this.published.forEach((channel, seqs) -> {
                Set<Long> seen = new HashSet<>(this.processed.getOrDefault(channel, List.of()));
                seqs.stream().filter((seq) -> !seen.contains(seq)).forEach((seq) -> missing.add(channel + "#" + seq));
            });
            return missing;
        }

        /** channel -> {published, processed, lost, duplicates}. */
        Map<String, int[]> audit() {
            Map<String, int[]> audit = new HashMap<>();
            this.published.forEach((channel, seqs) -> {
                List<Long> done = this.processed.getOrDefault(channel, List.of());
                Set<Long> unique = new HashSet<>(done);
                int lost = (int) seqs.stream().filter((seq) -> !unique.contains(seq)).count();
                audit.put(channel, new int[] { seqs.size(), done.size(), lost, done.size() - unique.size() });
            });
            return audit;
        }

        /**
         * Whether the first occurrences of each channel's events came in publishing
         * order.
         */
        boolean inOrderPerChannel() {
            for (List<Long> done : this.processed.values()) {
                Set<Long> seen = new HashSet<>();
                long last = 0;
                for (long seq : done) {
                    if (seen.add(seq)) {
                        if (seq < last) {
                            return false;
                        }
                        last = seq;
                    }
                }
            }
            return true;
        }

    }

}
