package io.sfstream.spring.faults;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.management.UnixOperatingSystemMXBean;
import io.sfstream.emulator.SalesforceEmulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak: numbered streams at a high rate on three channels through the starter (file replay store) while faults hit
 * at random intervals, in compressed time (the emulator's clock runs 2 hours per second, so retention keeps the last
 * 36 seconds of events and the emulator's memory stays bounded). Heap after GC, live threads and open file
 * descriptors are sampled; after a warm-up they must stay flat, and no event may be lost.
 *
 * <p>The default build runs {@link #smoke()} for a few seconds. The soak itself is tagged {@code soak}, excluded by
 * default: {@code ./mvnw -pl salesforce-streaming-spring-boot-autoconfigure -Psoak test -Dsoak.duration=PT1H}.
 */
class SoakTests {

    private static final Duration COMPRESSION = Duration.ofHours(2);

    private static final Duration PUBLISH_INTERVAL = Duration.ofMillis(5);

    @TempDir
    Path directory;

    @Test
    void smoke() throws Exception {
        soak(Duration.ofSeconds(12));
    }

    @Test
    @Tag("soak")
    void soak() throws Exception {
        soak(Duration.parse(System.getProperty("soak.duration", "PT10M")));
    }

    private void soak(Duration duration) throws Exception {
        Random random = new Random(Long.getLong("soak.seed", System.nanoTime()));
        SalesforceEmulator.Builder builder = SalesforceEmulator.builder()
            .connectTimeout(Duration.ofSeconds(1))
            .reconnectWindow(Duration.ofSeconds(2));
        FaultHarness.CHANNELS.forEach(builder::platformEvent);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        List<String> faults = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        CompactAudit audit = new CompactAudit(FaultHarness.CHANNELS);
        try (SalesforceEmulator emulator = builder.start();
                NumberedStream stream = new NumberedStream(emulator, FaultHarness.CHANNELS, false);
                ConfigurableApplicationContext application = FaultApplications.run(
                        FaultApplications.properties(emulator, this.directory.resolve("replay-positions.json"),
                                "salesforce.streaming.max-pending-count=100"),
                        audit, new ListenerFaults())) {
            clock.scheduleAtFixedRate(() -> emulator.clock().advance(COMPRESSION), 1, 1, TimeUnit.SECONDS);
            stream.start(PUBLISH_INTERVAL);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long warmUp = start + Math.max(Duration.ofSeconds(3).toNanos(), duration.toNanos() / 4);
            long nextSample = warmUp;
            long nextFault = System.nanoTime() + faultDelay(random);
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextFault) {
                    faults.add(injectRandomFault(emulator, random));
                    nextFault = System.nanoTime() + faultDelay(random);
                }
                if (System.nanoTime() >= nextSample) {
                    samples.add(Sample.take());
                    nextSample = System.nanoTime() + Math.max(Duration.ofSeconds(2).toNanos(), duration.toNanos() / 30);
                }
                Thread.sleep(50);
            }
            emulator.faults().reset();
            if (!emulator.isRunning()) {
                emulator.restart();
            }
            stream.stop();
            FaultHarness.await(() -> FaultHarness.CHANNELS.stream()
                .allMatch((channel) -> audit.lost(channel, stream.published(channel)) == 0),
                    "every published event to be processed");
            samples.add(Sample.take());
            report(duration, stream, audit, faults, samples);
            for (String channel : FaultHarness.CHANNELS) {
                assertThat(audit.lost(channel, stream.published(channel))).as("lost on %s", channel).isZero();
                assertThat(audit.orderViolation(channel)).as("order on %s", channel).isNull();
            }
            Sample baseline = samples.get(0);
            Sample last = samples.get(samples.size() - 1);
            assertThat(last.heapMiB()).as("heap after GC, MiB").isLessThanOrEqualTo(baseline.heapMiB() + 64);
            assertThat(last.clientThreads()).as("client threads").isLessThanOrEqualTo(baseline.clientThreads() + 4);
            assertThat(last.threads()).as("all threads").isLessThanOrEqualTo(baseline.threads() + 40);
            assertThat(last.fileDescriptors()).as("open file descriptors")
                .isLessThanOrEqualTo(baseline.fileDescriptors() + 32);
        }
        finally {
            clock.shutdownNow();
        }
    }

    private static long faultDelay(Random random) {
        return Duration.ofMillis(1_500 + random.nextInt(3_000)).toNanos();
    }

    private static String injectRandomFault(SalesforceEmulator emulator, Random random) throws InterruptedException {
        switch (random.nextInt(5)) {
            case 0 -> {
                emulator.faults().revokeAllTokens();
                return "token revoked";
            }
            case 1 -> {
                emulator.faults().expireAllSessions();
                return "session expired";
            }
            case 2 -> {
                emulator.faults().dropNextConnectResponse();
                return "connect cut";
            }
            case 3 -> {
                emulator.faults().failNextSubscribes(2);
                emulator.faults().expireAllSessions();
                return "503 on re-subscribe";
            }
            default -> {
                emulator.stop();
                Thread.sleep(1_000);
                emulator.restart();
                return "emulator down 1 s";
            }
        }
    }

    private static void report(Duration duration, NumberedStream stream, CompactAudit audit, List<String> faults,
            List<Sample> samples) {
        StringBuilder text = new StringBuilder("\nSoak ").append(duration)
            .append(": ")
            .append(faults.size())
            .append(" faults, ")
            .append(stream.publishedTotal())
            .append(" events published\n");
        for (String channel : FaultHarness.CHANNELS) {
            text.append("  ").append(channel).append(": published ").append(stream.published(channel))
                .append(", processed ").append(audit.processed(channel))
                .append(", lost ").append(audit.lost(channel, stream.published(channel)))
                .append(", duplicates ").append(audit.duplicates(channel)).append('\n');
        }
        text.append("  samples (heap MiB after GC / threads / client threads / fds):");
        samples.forEach((sample) -> text.append(' ').append(sample));
        System.out.println(text);
    }

    /** Resource use at one moment, heap measured after a full GC. */
    record Sample(long heapMiB, int threads, int clientThreads, long fileDescriptors) {

        static Sample take() {
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            int client = (int) Thread.getAllStackTraces()
                .keySet()
                .stream()
                .filter((thread) -> thread.getName().startsWith("sfstream")
                        || thread.getName().startsWith("salesforce-streaming"))
                .count();
            long fds = (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix)
                    ? unix.getOpenFileDescriptorCount() : -1;
            return new Sample(heap, threads, client, fds);
        }

        @Override
        public String toString() {
            return this.heapMiB + "/" + this.threads + "/" + this.clientThreads + "/" + this.fileDescriptors;
        }
    }
}
