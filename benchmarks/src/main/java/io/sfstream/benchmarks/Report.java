package io.sfstream.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.sfstream.benchmarks.consumer.ConsumerKind;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Collects consumer results, reduces runs to median, min and max, computes the ratios to the bare CometD client and
 * the targets, prints the table and writes the JSON.
 */
final class Report {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Plan plan;

    /** size -> kind -> run results. */
    private final Map<Integer, Map<ConsumerKind, List<Map<String, Object>>>> throughput = new LinkedHashMap<>();

    private final Map<String, List<Map<String, Object>>> stores = new LinkedHashMap<>();

    private @Nullable Map<String, Object> stall;

    private Map<String, String> load = Map.of();

    Report(Plan plan) {
        this.plan = plan;
    }

    void addThroughput(int size, ConsumerKind kind, Map<String, Object> result) {
        this.throughput.computeIfAbsent(size, (s) -> new LinkedHashMap<>())
            .computeIfAbsent(kind, (k) -> new ArrayList<>())
            .add(result);
    }

    void addStore(String store, Map<String, Object> result) {
        this.stores.computeIfAbsent(store, (s) -> new ArrayList<>()).add(result);
    }

    void setStall(Map<String, Object> result) {
        this.stall = result;
    }

    void setLoad(Map<String, String> load) {
        this.load = load;
    }

    Map<String, Object> results() {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("plan", this.plan.name());
        results.put("date", OffsetDateTime.now().toString());
        results.put("machine", Machine.describe());
        results.put("loadAverage", this.load);
        results.put("consumerJvmFlags", this.plan.jvmFlags());
        results.put("settings", this.plan);
        List<Map<String, Object>> rows = new ArrayList<>();
        this.throughput.forEach((size, byKind) -> {
            List<Map<String, Object>> bareRuns = byKind.get(ConsumerKind.BARE_COMETD);
            Map<String, Object> bare = (bareRuns != null) ? summarize(size, ConsumerKind.BARE_COMETD, bareRuns, null)
                    : null;
            byKind.forEach((kind, runs) -> rows.add((kind == ConsumerKind.BARE_COMETD) ? bare
                    : summarize(size, kind, runs, bare)));
        });
        results.put("throughput", rows);
        results.put("targets", targets(rows));
        results.put("stores", storeRows());
        results.put("stall", stallSummary());
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("throughput", this.throughput);
        raw.put("stores", this.stores);
        results.put("raw", raw);
        return results;
    }

    private Map<String, Object> summarize(int size, ConsumerKind kind, List<Map<String, Object>> runs,
            @Nullable Map<String, Object> bare) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("size", size);
        row.put("kind", kind.name());
        row.put("client", kind.label());
        row.put("runs", runs.size());
        Map<String, Double> eps = spread(runs, (r) -> number(phase(r, 1), "eventsPerSecond"));
        row.put("eventsPerSecond", eps);
        row.put("cpuMicrosPerEvent", spread(runs, (r) -> number(phase(r, 1), "cpuMicrosPerEvent")).get("median"));
        row.put("allocatedBytesPerEvent",
                spread(runs, (r) -> number(phase(r, 1), "allocatedBytesPerEvent")).get("median"));
        row.put("peakHeapMegabytes", spread(runs, (r) -> number(phase(r, 1), "peakHeapBytes") / 1048576.0).get("max"));
        row.put("saturationLatencyMicros", latency(runs, 1));
        row.put("cpuMicrosPerEventByThread", meanByThread(runs, 1));
        row.put("duplicates", runs.stream().mapToDouble((r) -> number(r, "duplicates")).sum());
        row.put("startSeconds", spread(runs, (r) -> number(r, "startSeconds")).get("median"));
        if (phases(runs.get(0)).size() > 2) {
            row.put("rateLatencyMicros", latency(runs, 2));
            row.put("rateCpuMicrosPerEvent", spread(runs, (r) -> number(phase(r, 2), "cpuMicrosPerEvent")).get("median"));
        }
        if (bare != null) {
            Map<String, Object> ratio = new LinkedHashMap<>();
            ratio.put("eventsPerSecond", eps.get("median") / median(bare, "eventsPerSecond"));
            ratio.put("cpuPerEvent", (Double) row.get("cpuMicrosPerEvent") / (Double) bare.get("cpuMicrosPerEvent"));
            if (row.containsKey("rateLatencyMicros") && bare.containsKey("rateLatencyMicros")) {
                ratio.put("addedP99LatencyMicrosAtRate", latencyOf(row, "p99") - latencyOf(bare, "p99"));
                ratio.put("rateCpuPerEvent",
                        (Double) row.get("rateCpuMicrosPerEvent") / (Double) bare.get("rateCpuMicrosPerEvent"));
            }
            row.put("vsBare", ratio);
        }
        return row;
    }

    private List<Map<String, Object>> targets(List<Map<String, Object>> rows) {
        List<Map<String, Object>> targets = new ArrayList<>();
        int firstSize = this.plan.sizes().get(0);
        for (Map<String, Object> row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Object> vs = (Map<String, Object>) row.get("vsBare");
            if (vs == null || (Integer) row.get("size") != firstSize) {
                continue;
            }
            String kind = (String) row.get("kind");
            double goal = kind.equals(ConsumerKind.SPRING_LISTENER.name()) ? 1.3 : 1.5;
            targets.add(target(row.get("client") + " events/s vs bare >= " + goal, (Double) vs.get("eventsPerSecond"),
                    (Double) vs.get("eventsPerSecond") >= goal));
            if (vs.containsKey("addedP99LatencyMicrosAtRate")) {
                double added = (Double) vs.get("addedP99LatencyMicrosAtRate");
                targets.add(target(row.get("client") + " added p99 at " + this.plan.rate() + "/s <= 1000 us", added,
                        added <= 1000));
                double cpu = (Double) vs.get("rateCpuPerEvent");
                targets.add(target(row.get("client") + " CPU/event at " + this.plan.rate() + "/s vs bare <= 1.0", cpu,
                        cpu <= 1.0));
            }
        }
        return targets;
    }

    private static Map<String, Object> target(String name, double value, boolean met) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("target", name);
        target.put("value", value);
        target.put("met", met);
        return target;
    }

    private List<Map<String, Object>> storeRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> memory = this.stores.get("memory");
        double memoryEps = (memory != null) ? spread(memory, (r) -> number(phase(r, 1), "eventsPerSecond"))
            .get("median") : Double.NaN;
        this.stores.forEach((store, runs) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            Map<String, Double> eps = spread(runs, (r) -> number(phase(r, 1), "eventsPerSecond"));
            row.put("store", store);
            row.put("eventsPerSecond", eps);
            row.put("cpuMicrosPerEvent", spread(runs, (r) -> number(phase(r, 1), "cpuMicrosPerEvent")).get("median"));
            row.put("throughputCostPercent", 100.0 * (1 - eps.get("median") / memoryEps));
            row.put("cpuMicrosPerEventByThread", meanByThread(runs, 1));
            rows.add(row);
        });
        return rows;
    }

    /** The mean over runs of a phase's CPU per event of each thread group. */
    private static Map<String, Double> meanByThread(List<Map<String, Object>> runs, int phase) {
        Map<String, Double> sums = new java.util.TreeMap<>();
        for (Map<String, Object> run : runs) {
            Object byThread = phase(run, phase).get("cpuMicrosPerEventByThread");
            if (byThread instanceof Map<?, ?> map) {
                map.forEach((group, micros) -> sums.merge((String) group, ((Number) micros).doubleValue() / runs.size(),
                        Double::sum));
            }
        }
        sums.replaceAll((group, micros) -> Math.round(micros * 10) / 10.0);
        return sums;
    }

    /** The thread groups using the most CPU per event, for the printed table. */
    private static String topThreads(@Nullable Object byThread) {
        if (!(byThread instanceof Map<?, ?> map) || map.isEmpty()) {
            return "";
        }
        return map.entrySet().stream()
            .sorted((a, b) -> Double.compare(((Number) b.getValue()).doubleValue(),
                    ((Number) a.getValue()).doubleValue()))
            .limit(6)
            .map((e) -> e.getKey() + " " + e.getValue())
            .collect(java.util.stream.Collectors.joining(", ", "    CPU us/e by thread: ", ""));
    }

    private Map<String, Object> stallSummary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        if (this.stall == null) {
            return summary;
        }
        summary.put("client", ConsumerKind.CORE_RECEIVE.label());
        summary.put("backlogEvents", this.plan.stallBacklog());
        summary.put("stallMillis", this.plan.stallMillis());
        summary.put("expectedEvents", this.plan.warmup() + this.plan.stallBacklog());
        summary.put("receivedDistinctEvents", this.stall.get("events"));
        summary.put("duplicates", this.stall.get("duplicates"));
        summary.put("samples", this.stall.get("stallSamples"));
        summary.put("resumeEventsPerSecond", number(phase(this.stall, 1), "eventsPerSecond"));
        return summary;
    }

    void print(PrintStream out, Path file) {
        Map<String, Object> results = results();
        out.println();
        out.printf("Results (%s), consumer JVM flags %s, load average %s%n", this.plan.name(), this.plan.jvmFlags(),
                this.load);
        out.printf("%-9s %-26s %22s %7s %8s %9s %7s %22s %16s%n", "N", "client", "events/s median [min-max]",
                "x bare", "CPU us/e", "alloc B/e", "heap MB", "p50/p99/p99.9 @rate ms", "p50/p99 @sat ms");
        Map<String, Object> previous = previous(file);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) results.get("throughput");
        for (Map<String, Object> row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Double> eps = (Map<String, Double>) row.get("eventsPerSecond");
            @SuppressWarnings("unchecked")
            Map<String, Object> vs = (Map<String, Object>) row.get("vsBare");
            out.printf("%,-9d %-26s %8.0f [%5.0f-%5.0f] %7s %8.1f %9.0f %7.1f %22s %16s%n", row.get("size"),
                    row.get("client"), eps.get("median"), eps.get("min"), eps.get("max"),
                    (vs != null) ? String.format("%.2f", vs.get("eventsPerSecond"))
                            : ConsumerKind.BARE_COMETD.name().equals(row.get("kind")) ? "1.00" : "-",
                    row.get("cpuMicrosPerEvent"), row.get("allocatedBytesPerEvent"), row.get("peakHeapMegabytes"),
                    millis(row.get("rateLatencyMicros"), "p50", "p99", "p999"),
                    millis(row.get("saturationLatencyMicros"), "p50", "p99"));
            out.println(topThreads(row.get("cpuMicrosPerEventByThread")));
        }
        out.println();
        out.println("Targets:");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> targets = (List<Map<String, Object>>) results.get("targets");
        targets.forEach((t) -> out.printf("  %-4s %-55s %.2f%n", ((Boolean) t.get("met")) ? "met" : "MISS",
                t.get("target"), t.get("value")));
        out.println("Replay stores (core listener):");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> storeRows = (List<Map<String, Object>>) results.get("stores");
        storeRows.forEach((s) -> {
            Map<?, ?> eps = (Map<?, ?>) s.get("eventsPerSecond");
            out.printf("  %-7s %8.0f [%5.0f-%5.0f] events/s, %6.1f CPU us/e, cost vs memory %5.1f %% (target <= 3 %%)%n",
                    s.get("store"), eps.get("median"), eps.get("min"), eps.get("max"), s.get("cpuMicrosPerEvent"),
                    s.get("throughputCostPercent"));
            out.println(topThreads(s.get("cpuMicrosPerEventByThread")));
        });
        out.println("Stalled consumer: " + results.get("stall"));
        if (previous != null) {
            out.println("Compared with the previous run (" + previous.get("date") + ", " + previous.get("plan") + "):");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> before = (List<Map<String, Object>>) previous.get("throughput");
            for (Map<String, Object> row : rows) {
                for (Map<String, Object> old : (before != null) ? before : List.<Map<String, Object>>of()) {
                    if (old.get("size").equals(row.get("size")) && old.get("kind").equals(row.get("kind"))) {
                        out.printf("  %,-9d %-26s %8.0f -> %8.0f events/s%n", row.get("size"), row.get("client"),
                                median(old, "eventsPerSecond"), median(row, "eventsPerSecond"));
                    }
                }
            }
        }
        out.println("Written to " + file);
    }

    void write(Path file) throws IOException {
        if (Files.exists(file)) {
            Files.copy(file, file.resolveSibling(file.getFileName().toString().replace(".json", "-previous.json")),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(file, JSON.writeValueAsString(results()));
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Map<String, Object> previous(Path file) {
        try {
            return Files.exists(file) ? JSON.readValue(file.toFile(), Map.class) : null;
        }
        catch (RuntimeException ex) {
            return null;
        }
    }

    private static String millis(@Nullable Object latency, String... keys) {
        if (!(latency instanceof Map<?, ?> map)) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        for (String key : keys) {
            Object value = map.get(key);
            parts.add((value instanceof Number n) ? String.format("%.2f", n.doubleValue() / 1000) : "-");
        }
        return String.join("/", parts);
    }

    private static Map<String, Object> latency(List<Map<String, Object>> runs, int phase) {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", spread(runs, (r) -> number(phase(r, phase), "latencyP50Micros")).get("median"));
        latency.put("p99", spread(runs, (r) -> number(phase(r, phase), "latencyP99Micros")).get("median"));
        latency.put("p999", spread(runs, (r) -> number(phase(r, phase), "latencyP999Micros")).get("median"));
        latency.put("max", spread(runs, (r) -> number(phase(r, phase), "latencyMaxMicros")).get("max"));
        return latency;
    }

    private static double latencyOf(Map<String, Object> row, String key) {
        return ((Number) ((Map<?, ?>) row.get("rateLatencyMicros")).get(key)).doubleValue();
    }

    private static double median(Map<String, Object> row, String key) {
        return ((Number) ((Map<?, ?>) row.get(key)).get("median")).doubleValue();
    }

    static Map<String, Double> spread(List<Map<String, Object>> runs, ToDoubleFunction<Map<String, Object>> value) {
        double[] values = runs.stream().mapToDouble(value).sorted().toArray();
        Map<String, Double> spread = new LinkedHashMap<>();
        int n = values.length;
        spread.put("median", (n % 2 == 1) ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2);
        spread.put("min", values[0]);
        spread.put("max", values[n - 1]);
        return spread;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> phases(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("phases");
    }

    private static Map<String, Object> phase(Map<String, Object> result, int index) {
        return phases(result).get(index);
    }

    private static double number(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return (value instanceof Number n) ? n.doubleValue() : Double.NaN;
    }
}
