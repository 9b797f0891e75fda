package io.sfstream.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sfstream.benchmarks.consumer.ConsumerKind;
import io.sfstream.benchmarks.consumer.ConsumerSettings;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.pubsub.PubSubClient;

/**
 * The benchmark driver: for every run it starts a fresh emulator in this JVM and the
 * client under test in a JVM of its own (fixed {@code -Xmx}), publishes realistic Change
 * Data Capture events, and collects what the consumer measured. Then it prints the table
 * and writes the JSON.
 *
 * <p>
 * {@code java -cp ... io.sfstream.benchmarks.Benchmarks [--smoke|--medium|--full] [--out FILE] [--jvm-flags "-Xmx128m ..."]
 * [--only BARE_COMETD,EMP_STYLE,CORE_RECEIVE] [--stores memory,file,h2 [--store-runs 3]] [--sizes N,...] [--runs R]
 * [--warmup W]}: {@code --only} runs the throughput and latency phases of the given
 * clients and skips the replay store comparison and the stalled consumer;
 * {@code --stores} runs only the replay store comparison, with the given stores,
 * interleaved run by run; {@code --sizes}, {@code --runs} and {@code --warmup} override
 * the plan's.
 */
public final class Benchmarks {

    private static List<ConsumerKind> kinds = List.of(ConsumerKind.values());

    /**
     * Whether the replay store comparison and the stalled consumer run (not with
     * {@code --only}).
     */
    private static boolean extras = true;

    /** The stores of the replay store comparison. */
    private static List<String> stores = List.of("memory", "file", "h2");

    /** Runs of the replay store comparison; the plan's runs when 0. */
    private static int storeRuns;

    private final Plan plan;

    private final String classpath;

    private final Path workDirectory;

    private Benchmarks(Plan plan, String classpath, Path workDirectory) {
        this.plan = plan;
        this.classpath = classpath;
        this.workDirectory = workDirectory;
    }

    /**
     * Runs the smoke plan, or the medium or full plan with {@code --medium} or
     * {@code --full}.
     * @param args the options in the class comment
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        Plan plan = Plan.smoke();
        Path out = Path.of("benchmarks", "target", "results.json");
        List<String> flags = null;
        List<Integer> sizes = null;
        Integer runs = null;
        Integer warmup = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> plan = Plan.full();
                case "--smoke" -> plan = Plan.smoke();
                case "--medium" -> plan = Plan.medium();
                case "--out" -> out = Path.of(args[++i]);
                case "--jvm-flags" -> flags = List.of(args[++i].trim().split("\\s+"));
                case "--only" -> {
                    kinds = java.util.Arrays.stream(args[++i].split(","))
                        .map((name) -> ConsumerKind.valueOf(name.trim()))
                        .toList();
                    extras = false;
                }
                case "--stores" -> {
                    stores = List.of(args[++i].split(",")).stream().map(String::trim).toList();
                    kinds = List.of();
                }
                case "--store-runs" -> storeRuns = Integer.parseInt(args[++i]);
                case "--sizes" -> sizes = java.util.Arrays.stream(args[++i].split(","))
                    .map((size) -> Integer.valueOf(size.trim().replace("_", "")))
                    .toList();
                case "--runs" -> runs = Integer.valueOf(args[++i]);
                case "--warmup" -> warmup = Integer.valueOf(args[++i].replace("_", ""));
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        if (flags != null || sizes != null || runs != null || warmup != null) {
            // Overrides for short runs on a busy machine: --sizes 20000 --runs 3 --warmup
            // 10000.
            plan = new Plan(plan.name(), (runs != null) ? runs : plan.runs(), (warmup != null) ? warmup : plan.warmup(),
                    (sizes != null) ? sizes : plan.sizes(), plan.latencyEvents(), plan.rate(), plan.batch(),
                    plan.window(), plan.storeEvents(), plan.stallBacklog(), plan.stallMillis(),
                    (flags != null) ? flags : plan.jvmFlags());
        }
        run(plan, System.getProperty("java.class.path"), out);
        System.exit(0);
    }

    /**
     * Runs a plan and writes its results.
     * @param plan what to run
     * @param classpath the classpath of the consumer JVMs
     * @param out the JSON file; an existing one is compared with, then kept as
     * {@code *-previous.json}
     * @return the results
     * @throws Exception when a run fails
     */
    public static Map<String, Object> run(Plan plan, String classpath, Path out) throws Exception {
        Path absolute = out.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path work = Files.createTempDirectory(absolute.getParent(), "bench-");
        Report report = new Report(plan);
        long start = System.nanoTime();
        new Benchmarks(plan, classpath, work).runAll(report);
        report.setElapsedSeconds((System.nanoTime() - start) / 1e9);
        Map<String, Object> results = report.results();
        report.print(System.out, absolute);
        report.write(absolute);
        return results;
    }

    private void runAll(Report report) throws Exception {
        Map<String, String> load = new LinkedHashMap<>();
        load.put("before", Machine.loadAverage());
        if (!kinds.isEmpty() && this.plan.warmup() >= 1_000) {
            // The driver JVM (emulator and publisher) warms up too: without this
            // unreported run, the first client of
            // the first run met a colder, slower server than the others (and that was
            // always the bare client).
            log("driver warm-up (not reported)");
            runOne(ConsumerKind.BARE_COMETD, "memory",
                    List.of(PhaseSpec.saturate(this.plan.warmup()), PhaseSpec.saturate(this.plan.warmup())), -1, 0);
        }
        for (int s = 0; s < this.plan.sizes().size(); s++) {
            int size = this.plan.sizes().get(s);
            // Every size runs the plan's runs (three at N = 1,000,000 in the full plan:
            // the CPU and allocation
            // targets are read there, as medians).
            int runs = this.plan.runs();
            boolean withLatency = (s == 0);
            for (int run = 0; run < runs; run++) {
                for (int k = 0; k < kinds.size(); k++) {
                    // The order turns run by run, so that no client always runs first.
                    ConsumerKind kind = kinds.get((k + run) % kinds.size());
                    List<PhaseSpec> phases = new ArrayList<>(
                            List.of(PhaseSpec.saturate(this.plan.warmup()), PhaseSpec.saturate(size)));
                    if (withLatency) {
                        phases.add(PhaseSpec.rate(this.plan.latencyEvents()));
                    }
                    log("%s N=%,d run %d/%d", kind.label(), size, run + 1, runs);
                    Map<String, Object> result = runOne(kind, "file", phases, -1, 0);
                    report.addThroughput(size, kind, result);
                }
            }
        }
        int runsOfStores = (storeRuns > 0) ? storeRuns : this.plan.runs();
        for (int run = 0; run < (extras ? runsOfStores : 0); run++) {
            // The order turns run by run, so that no store is always the first run of the
            // driver JVM (in four --stores
            // runs the memory store, run first, was the slowest each time: likely the
            // driver's own warm-up).
            for (int i = 0; i < stores.size(); i++) {
                String store = stores.get((i + run) % stores.size());
                log("store %s run %d/%d", store, run + 1, runsOfStores);
                report.addStore(store, runOne(ConsumerKind.CORE_LISTENER, store,
                        List.of(PhaseSpec.saturate(this.plan.warmup()), PhaseSpec.saturate(this.plan.storeEvents())),
                        -1, 0));
            }
        }
        if (!extras || kinds.isEmpty()) {
            load.put("after", Machine.loadAverage());
            report.setLoad(load);
            return;
        }
        log("stalled consumer: backlog %,d, stall %,d ms", this.plan.stallBacklog(), this.plan.stallMillis());
        report.setStall(runOne(ConsumerKind.CORE_RECEIVE, "file",
                List.of(PhaseSpec.saturate(this.plan.warmup()), PhaseSpec.backlog(this.plan.stallBacklog())), 0,
                this.plan.stallMillis()));
        load.put("after", Machine.loadAverage());
        report.setLoad(load);
    }

    private Map<String, Object> runOne(ConsumerKind kind, String store, List<PhaseSpec> phases, int stallAfterPhase,
            long stallMillis) throws Exception {
        Path directory = Files.createTempDirectory(this.workDirectory, kind.name().toLowerCase() + "-");
        try (SalesforceEmulator emulator = SalesforceEmulator.builder()
            .changeDataCapture(ChangeEvents.ENTITY + "ChangeEvent")
            .start()) {
            ConsumerSettings settings = new ConsumerSettings(kind, emulator.cometdUrl("64.0").toString(),
                    emulator.myDomainUrl().toString(), emulator.loginUrl().toString(), emulator.issueAccessToken(),
                    ChangeEvents.CHANNEL, phases.stream().mapToInt(PhaseSpec::count).toArray(), stallAfterPhase,
                    stallMillis, store, directory,
                    (kind == ConsumerKind.PUBSUB_RECEIVE)
                            ? Math.min(this.plan.maxPendingCount(), PubSubClient.DEFAULT_MAX_PENDING_COUNT)
                            : this.plan.maxPendingCount(),
                    emulator.pubSubHost(), emulator.pubSubPort());
            try (ConsumerProcess consumer = ConsumerProcess.start(this.plan.jvmFlags(), this.classpath, settings,
                    directory.resolve("consumer.log"))) {
                consumer.awaitReady(Duration.ofSeconds(60));
                Publisher publisher = new Publisher(emulator, consumer);
                for (int i = 0; i < phases.size(); i++) {
                    PhaseSpec phase = phases.get(i);
                    switch (phase.mode()) {
                        case SATURATE -> publisher.saturate(phase.count(), this.plan.batch(), this.plan.window());
                        case RATE -> publisher.atRate(phase.count(), this.plan.rate());
                        case BACKLOG -> publisher.backlog(phase.count(), this.plan.batch());
                    }
                    long seconds = 60 + phase.count() / 1_000
                            + ((i > stallAfterPhase && stallAfterPhase >= 0) ? stallMillis / 1_000 : 0);
                    consumer.awaitPhase(i, Duration.ofSeconds(seconds));
                }
                return consumer.awaitResult(Duration.ofSeconds(60));
            }
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
        System.out.flush();
    }

    /** How a phase's events are published. */
    enum Mode {

        SATURATE, RATE, BACKLOG

    }

    /**
     * One phase of a consumer run.
     *
     * @param mode how its events are published
     * @param count how many
     */
    record PhaseSpec(Mode mode, int count) {

        static PhaseSpec saturate(int count) {
            return new PhaseSpec(Mode.SATURATE, count);
        }

        static PhaseSpec rate(int count) {
            return new PhaseSpec(Mode.RATE, count);
        }

        static PhaseSpec backlog(int count) {
            return new PhaseSpec(Mode.BACKLOG, count);
        }
    }

}
