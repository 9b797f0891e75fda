package io.sfstream.spring.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.spring.autoconfigure.StreamingConnectionState;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs one fault against the {@link FaultApplication}: a fresh emulator publishes a
 * {@link NumberedStream} on three channels at a steady rate; once every channel flows,
 * the fault is injected; the harness waits until every channel processes an event
 * published after the fault (the time to recover), lets the stream run a little longer,
 * stops it, waits until everything published was processed, and audits each channel:
 * every number processed at least once (or exactly the expected ones skipped), first
 * occurrences in order, duplicates counted.
 */
final class FaultHarness implements AutoCloseable {

    static final List<String> CHANNELS = List.of(FaultApplication.ORDERS, FaultApplication.INVOICES,
            FaultApplication.SHIPMENTS);

    static final Duration INTERVAL = Duration.ofMillis(50);

    static final Duration WAIT = Duration.ofSeconds(40);

    static final Duration POLL = Duration.ofMillis(20);

    /**
     * Events each channel processes before the fault, and publishes after the recovery.
     */
    private static final int FLOWING = 10;

    private final Path directory;

    private final SalesforceEmulator emulator;

    private final NumberedStream stream;

    private final ProcessedLog log = new ProcessedLog();

    private final ListenerFaults listenerFaults = new ListenerFaults();

    private final LogLines logLines = new LogLines();

    private final Path replayFile;

    private final String[] extraProperties;

    private @Nullable ConfigurableApplicationContext context;

    private @Nullable ChildApplicationProcess child;

    private long injectedAt;

    private Map<String, Integer> firstAfterFault = Map.of();

    FaultHarness(Path directory, Consumer<SalesforceEmulator.Builder> emulatorSettings, String... extraProperties) {
        this.directory = directory;
        this.replayFile = directory.resolve("replay-positions.json");
        this.extraProperties = extraProperties;
        // One emulator per fault, not @EmbeddedSalesforce: each test adds settings.
        SalesforceEmulator.Builder builder = SalesforceEmulator.builder()
            .connectTimeout(Duration.ofSeconds(1))
            .reconnectWindow(Duration.ofSeconds(2));
        CHANNELS.forEach(builder::platformEvent);
        emulatorSettings.accept(builder);
        this.emulator = builder.start();
        this.stream = new NumberedStream(this.emulator, CHANNELS);
    }

    SalesforceEmulator emulator() {
        return this.emulator;
    }

    NumberedStream stream() {
        return this.stream;
    }

    ProcessedLog log() {
        return this.log;
    }

    ListenerFaults listenerFaults() {
        return this.listenerFaults;
    }

    LogLines logLines() {
        return this.logLines;
    }

    /** Starts the application in this JVM. */
    void startApplication() {
        this.context = FaultApplications.run(properties(), this.log, this.listenerFaults, this.logLines.attacher());
    }

    /**
     * Stops the application gracefully: the call in progress finishes, positions are
     * flushed.
     */
    void stopApplication() {
        ConfigurableApplicationContext running = this.context;
        this.context = null;
        if (running != null) {
            running.close();
        }
    }

    /** Starts the application in a JVM of its own. */
    void startChildApplication() throws IOException {
        this.child = ChildApplicationProcess.start(properties(), this.directory.resolve("processed.txt"),
                this.directory.resolve("child-console.log"), this.log);
    }

    /** Kills the application's JVM: no graceful stop, no flush. */
    void killChildApplication() throws InterruptedException, IOException {
        ChildApplicationProcess running = this.child;
        this.child = null;
        if (running != null) {
            running.kill();
        }
    }

    private List<String> properties() {
        return FaultApplications.properties(this.emulator, this.replayFile, this.extraProperties);
    }

    /** Starts publishing and waits until every channel flows. */
    void startStreamAndAwaitFlow() {
        if (this.context != null) {
            StreamingConnectionState state = this.context.getBean(StreamingConnectionState.class);
            await("every channel subscribed").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> state.subscribedChannels().containsAll(CHANNELS));
        }
        this.stream.start(INTERVAL);
        awaitEveryChannel((channel) -> this.log.distinctCount(channel) >= FLOWING, "events flowing on every channel");
    }

    /** Marks the fault: from here on recovery is timed. */
    void faultInjected() {
        this.firstAfterFault = this.stream.nextNumbers();
        this.injectedAt = System.currentTimeMillis();
    }

    /**
     * Waits until every channel processed an event published after the fault; returns the
     * slowest delay.
     */
    long awaitRecovery() {
        awaitEveryChannel(
                (channel) -> this.log.firstProcessedAtOrAfter(channel, this.firstAfterFault.get(channel)).isPresent(),
                "an event published after the fault to be processed on every channel");
        return CHANNELS.stream()
            .map((channel) -> this.log.firstProcessedAtOrAfter(channel, this.firstAfterFault.get(channel)))
            .mapToLong(OptionalLong::getAsLong)
            .max()
            .getAsLong() - this.injectedAt;
    }

    /**
     * Lets the stream run a little more, stops it, waits until every published event was
     * processed (or for the timeout), stops the application and audits the log.
     * @param fault the report's name of the fault
     * @param recoveryMillis the time to recover
     * @param expectedLost per channel, the numbers the replay fallback skipped
     * @return the report row
     */
    FaultReport.Row finish(String fault, long recoveryMillis, Function<String, Set<Integer>> expectedLost) {
        Map<String, Integer> target = this.stream.nextNumbers();
        awaitEveryChannel((channel) -> this.stream.published(channel) >= target.get(channel) + FLOWING,
                "the stream to go on after the recovery");
        this.stream.stop();
        try {
            await("every published event to be processed").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> CHANNELS.stream()
                    .allMatch((channel) -> processedAllBut(channel, expectedLost.apply(channel))));
        }
        catch (ConditionTimeoutException ex) {
            // Not a failure yet: the audit below says what was lost or out of order.
        }
        stopApplication();
        List<StreamAudit> audits = StreamAudit
            .of(Map.of(CHANNELS.get(0), this.stream.published(CHANNELS.get(0)), CHANNELS.get(1),
                    this.stream.published(CHANNELS.get(1)), CHANNELS.get(2), this.stream.published(CHANNELS.get(2))),
                    this.log.entries());
        int lost = audits.stream().mapToInt((audit) -> audit.lost().size()).sum();
        int expected = CHANNELS.stream().mapToInt((channel) -> expectedLost.apply(channel).size()).sum();
        FaultReport.Row row = new FaultReport.Row(fault, this.stream.publishedTotal(),
                audits.stream().mapToInt(StreamAudit::processed).sum(), lost, expected,
                audits.stream().mapToInt(StreamAudit::duplicates).sum(), recoveryMillis);
        FaultSuiteIntegrationTests.REPORT.add(row);
        for (StreamAudit audit : audits) {
            assertThat(audit.lost()).as("numbers lost on %s after '%s'", audit.channel(), fault)
                .isEqualTo(new TreeSet<>(expectedLost.apply(audit.channel())));
            assertThat(audit.orderViolation()).as("order on %s after '%s'", audit.channel(), fault).isNull();
        }
        return row;
    }

    private boolean processedAllBut(String channel, Set<Integer> skipped) {
        int published = this.stream.published(channel);
        return this.log.distinctCount(channel) >= published - skipped.size()
                && (skipped.isEmpty() ? this.log.containsAll(channel, published) : true);
    }

    void awaitEveryChannel(Function<String, Boolean> condition, String description) {
        await(description).atMost(WAIT).pollInterval(POLL).until(() -> CHANNELS.stream().allMatch(condition::apply));
    }

    @Override
    public void close() throws Exception {
        this.stream.close();
        stopApplication();
        ChildApplicationProcess running = this.child;
        if (running != null) {
            running.close();
        }
        this.emulator.close();
    }

}
