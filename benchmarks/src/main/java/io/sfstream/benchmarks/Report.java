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
 * Collects consumer results, reduces runs to median, min and max, computes the ratios to
 * the bare CometD 9 client and to the EMP-style client and the targets (issue 18: CPU and
 * allocation per event), prints the table and writes the JSON and a markdown table
 * ({@code results.md} beside {@code results.json}).
 */
final class Report {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Plan plan;

    /** size -> kind -> run results. */
    private final Map<Integer, Map<ConsumerKind, List<Map<String, Object>>>> throughput = new LinkedHashMap<>();

    private final Map<String, List<Map<String, Object>>> stores = new LinkedHashMap<>();

    private @Nullable Map<String, Object> stall;

    private Map<String, String> load = Map.of();

    private double elapsedSeconds = Double.NaN;

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

    void setElapsedSeconds(double seconds) {
        this.elapsedSeconds = seconds;
    }

    Map<String, Object> results() {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("plan", this.plan.name());
        results.put("date", OffsetDateTime.now().toString());
        results.put("machine", Machine.describe());
        results.put("loadAverage", this.load);
        results.put("elapsedSeconds", this.elapsedSeconds);
        results.put("consumerJvmFlags", this.plan.jvmFlags());
        results.put("settings", this.plan);
        List<Map<String, Object>> rows = new ArrayList<>();
        this.throughput.forEach((size, byKind) -> {
            Map<ConsumerKind, Map<String, Object>> bySizeRows = new LinkedHashMap<>();
            byKind.forEach((kind, runs) -> bySizeRows.put(kind, summarize(size, kind, runs)));
            Map<String, Object> bare = bySizeRows.get(ConsumerKind.BARE_COMETD);
            Map<String, Object> emp = bySizeRows.get(ConsumerKind.EMP_STYLE);
            bySizeRows.forEach((kind, row) -> {
                if (bare != null && kind != ConsumerKind.BARE_COMETD) {
                    row.put("vsBare", ratios(row, bare));
                }
                if (emp != null && kind != ConsumerKind.EMP_STYLE) {
                    row.put("vsEmp", ratios(row, emp));
                }
                rows.add(row);
            });
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

    private Map<String, Object> summarize(int size, ConsumerKind kind, List<Map<String, Object>> runs) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("size", size);
        row.put("kind", kind.name());
        row.put("client", kind.label());
        row.put("runs", runs.size());
        row.put("eventsPerSecond", spread(runs, (r) -> number(phase(r, 1), "eventsPerSecond")));
        Map<String, Double> cpu = spread(runs, (r) -> number(phase(r, 1), "cpuMicrosPerEvent"));
        row.put("cpuMicrosPerEvent", cpu.get("median"));
        row.put("cpuMicrosPerEventRange", List.of(cpu.get("min"), cpu.get("max")));
        Map<String, Double> allocation = spread(runs, (r) -> number(phase(r, 1), "allocatedBytesPerEvent"));
        row.put("allocatedBytesPerEvent", allocation.get("median"));
        row.put("allocatedBytesPerEventRange", List.of(allocation.get("min"), allocation.get("max")));
        row.put("gcMicrosPerEvent", spread(runs, (r) -> number(phase(r, 1), "gcMicrosPerEvent")).get("median"));
        row.put("peakHeapMegabytes", spread(runs, (r) -> number(phase(r, 1), "peakHeapBytes") / 1048576.0).get("max"));
        // VmHWM at the end of the run's last phase: the process's peak resident set over
        // the whole run.
        Map<String, Double> rss = spread(runs, (r) -> number(lastPhase(r), "peakRssBytes") / 1048576.0);
        row.put("peakRssMegabytes", rss.get("median"));
        row.put("peakRssMegabytesRange", List.of(rss.get("min"), rss.get("max")));
        row.put("saturationLatencyMicros", latency(runs, 1));
        row.put("cpuMicrosPerEventByThread", meanByThread(runs, 1));
        row.put("duplicates", runs.stream().mapToDouble((r) -> number(r, "duplicates")).sum());
        long expected = expectedEvents(size);
        row.put("expectedEventsPerRun", expected);
        row.put("lostEvents", runs.stream().mapToLong((r) -> Math.max(0, expected - (long) number(r, "events"))).sum());
        row.put("startSeconds", spread(runs, (r) -> number(r, "startSeconds")).get("median"));
        if (phases(runs.get(0)).size() > 2) {
            row.put("rateLatencyMicros", latency(runs, 2));
            row.put("rateCpuMicrosPerEvent",
                    spread(runs, (r) -> number(phase(r, 2), "cpuMicrosPerEvent")).get("median"));
            row.put("rateAllocatedBytesPerEvent",
                    spread(runs, (r) -> number(phase(r, 2), "allocatedBytesPerEvent")).get("median"));
            row.put("rateCpuMicrosPerEventByThread", meanByThread(runs, 2));
        }
        return row;
    }

    /**
     * Events every run of this size must have received: the warm-up, the size, and the
     * fixed-rate phase if any.
     */
    private long expectedEvents(int size) {
        boolean withLatency = size == this.plan.sizes().get(0);
        return (long) this.plan.warmup() + size + (withLatency ? this.plan.latencyEvents() : 0);
    }

    /** A row's figures divided by another client's (same size): below 1 is cheaper. */
    private static Map<String, Object> ratios(Map<String, Object> row, Map<String, Object> other) {
        Map<String, Object> ratio = new LinkedHashMap<>();
        ratio.put("eventsPerSecond", median(row, "eventsPerSecond") / median(other, "eventsPerSecond"));
        ratio.put("cpuPerEvent", number(row, "cpuMicrosPerEvent") / number(other, "cpuMicrosPerEvent"));
        ratio.put("allocationPerEvent",
                number(row, "allocatedBytesPerEvent") / number(other, "allocatedBytesPerEvent"));
        ratio.put("gcPerEvent", number(row, "gcMicrosPerEvent") / number(other, "gcMicrosPerEvent"));
        ratio.put("peakRss", number(row, "peakRssMegabytes") / number(other, "peakRssMegabytes"));
        if (row.containsKey("rateLatencyMicros") && other.containsKey("rateLatencyMicros")) {
            ratio.put("addedP99LatencyMicrosAtRate", latencyOf(row, "p99") - latencyOf(other, "p99"));
            ratio.put("rateCpuPerEvent", number(row, "rateCpuMicrosPerEvent") / number(other, "rateCpuMicrosPerEvent"));
        }
        return ratio;
    }

    /**
     * The table of issue 18: per path, the CPU per event and allocation per event
     * targets; then the rest.
     */
    private List<Map<String, Object>> targets(List<Map<String, Object>> rows) {
        List<Map<String, Object>> targets = new ArrayList<>();
        if (rows.isEmpty()) {
            return targets;
        }
        // CPU and allocation at saturation: at the largest size (the full plan's N =
        // 1,000,000, medians of its runs).
        int largest = rows.stream().mapToInt((row) -> (Integer) row.get("size")).max().getAsInt();
        int first = this.plan.sizes().get(0);
        for (Map<String, Object> row : rows) {
            ConsumerKind kind = ConsumerKind.valueOf((String) row.get("kind"));
            if (!kind.ours() || (Integer) row.get("size") != largest) {
                continue;
            }
            boolean spring = kind == ConsumerKind.SPRING_LISTENER;
            String path = switch (kind) {
                case CORE_RECEIVE -> "core `receive()`";
                case CORE_LISTENER -> "core listener";
                default -> "`@SalesforceListener` taking a record";
            };
            ratioTarget(targets, path, "cpu", row, "vsBare", "cpuPerEvent", spring ? 0.6 : 0.5, "bare", null);
            if (!spring) {
                ratioTarget(targets, path, "cpu", row, "vsEmp", "cpuPerEvent", 0.8, "EMP-style", null);
            }
            ratioTarget(targets, path, "allocation", row, "vsBare", "allocationPerEvent", spring ? 0.7 : 0.6, "bare",
                    null);
        }
        String ratePath = String.format("at %,d events/s, one event per round trip", this.plan.rate());
        for (Map<String, Object> row : rows) {
            if (ConsumerKind.valueOf((String) row.get("kind")).ours() && (Integer) row.get("size") == first) {
                ratioTarget(targets, ratePath, "cpu", row, "vsBare", "rateCpuPerEvent", 1.0, "bare",
                        (String) row.get("client"));
            }
        }
        String memoryPath = "memory: peak RSS at " + String.join(" ", this.plan.jvmFlags());
        for (Map<String, Object> row : rows) {
            if (ConsumerKind.valueOf((String) row.get("kind")).ours() && (Integer) row.get("size") == largest) {
                ratioTarget(targets, memoryPath, "cpu", row, "vsEmp", "peakRss", 1.0, "EMP-style",
                        (String) row.get("client"));
            }
        }
        // Kept from before: latency at the fixed rate, nothing lost at the consumer
        // flags, the stalled consumer.
        for (Map<String, Object> row : rows) {
            Map<?, ?> vs = (Map<?, ?>) row.get("vsBare");
            if (ConsumerKind.valueOf((String) row.get("kind")).ours() && vs != null
                    && vs.get("addedP99LatencyMicrosAtRate") instanceof Number added) {
                targets.add(target(String.format("added p99 latency at %,d events/s vs bare", this.plan.rate()),
                        "other", "<= 1 ms", row.get("client") + " " + formatMillis(added.doubleValue()),
                        added.doubleValue(), 1000));
            }
        }
        long lost = rows.stream().mapToLong((row) -> ((Number) row.get("lostEvents")).longValue()).sum();
        int runs = rows.stream().mapToInt((row) -> (Integer) row.get("runs")).sum();
        targets.add(target("every client at full speed at " + String.join(" ", this.plan.jvmFlags()) + ", nothing lost",
                "other", "every run to the end, 0 events lost", String.format("%d runs, %,d events lost", runs, lost),
                lost, 0));
        Map<String, Object> stall = stallSummary();
        if (stall.get("heapGrowthBytes") instanceof Number growth) {
            long missing = ((Number) stall.get("expectedEvents")).longValue()
                    - ((Number) stall.get("receivedDistinctEvents")).longValue();
            double limit = ((Number) stall.get("heapGrowthLimitBytes")).doubleValue();
            targets.add(target("stalled consumer: heap flat, nothing lost", "other",
                    "heap after GC grows <= " + String.format("%.1f MB", limit / 1048576.0)
                            + " over the stall's second half; 0 lost",
                    String.format("growth %.1f MB, %d lost, %s duplicates", growth.doubleValue() / 1048576.0, missing,
                            stall.get("duplicates")),
                    Math.max(growth.doubleValue() / limit, (missing > 0) ? 2.0 : 0.0), 1.0));
        }
        return targets;
    }

    /**
     * Adds the target {@code row.vs.key <= limit}, for the markdown row {@code path} and
     * column.
     */
    private static void ratioTarget(List<Map<String, Object>> targets, String path, String column,
            Map<String, Object> row, String vs, String key, double limit, String other, @Nullable String client) {
        Map<?, ?> ratios = (Map<?, ?>) row.get(vs);
        if (ratios == null || !(ratios.get(key) instanceof Number value)) {
            return;
        }
        String result = ((client != null) ? client + " " : "") + String.format("%.2fx %s", value.doubleValue(), other);
        String goal = (limit == 1.0) ? "<= " + other : String.format("<= %sx %s", trim(limit), other);
        targets.add(target(path, column, goal, result, value.doubleValue(), limit));
    }

    private static Map<String, Object> target(String path, String column, String goal, String result, double value,
            double limit) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("path", path);
        target.put("column", column);
        target.put("target", goal);
        target.put("result", result);
        target.put("value", value);
        target.put("limit", limit);
        target.put("met", value <= limit);
        return target;
    }

    private static String trim(double number) {
        return (number == Math.rint(number)) ? String.format("%.0f", number) : Double.toString(number);
    }

    private List<Map<String, Object>> storeRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> memory = this.stores.get("memory");
        double memoryEps = (memory != null)
                ? spread(memory, (r) -> number(phase(r, 1), "eventsPerSecond")).get("median") : Double.NaN;
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
        String top = topThreads(byThread, 6);
        return top.isEmpty() ? "" : "    CPU us/e by thread: " + top;
    }

    private static String topThreads(@Nullable Object byThread, int limit) {
        if (!(byThread instanceof Map<?, ?> map) || map.isEmpty()) {
            return "";
        }
        return map.entrySet()
            .stream()
            .sorted((a, b) -> Double.compare(((Number) b.getValue()).doubleValue(),
                    ((Number) a.getValue()).doubleValue()))
            .limit(limit)
            .map((e) -> e.getKey() + " " + e.getValue())
            .collect(java.util.stream.Collectors.joining(", "));
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
        // Flat: the heap after GC in the stall's second half is no higher than in its
        // first half, give or take
        // 2 MB or 10 % (the first samples are taken while the buffer fills).
        if (this.stall.get("stallSamples") instanceof List<?> samples && samples.size() >= 2) {
            int half = samples.size() / 2;
            double firstHalf = 0;
            double secondHalf = 0;
            for (int i = 0; i < samples.size(); i++) {
                double heap = number((Map<?, ?>) samples.get(i), "usedHeapAfterGcBytes");
                if (i < half) {
                    firstHalf = Math.max(firstHalf, heap);
                }
                else {
                    secondHalf = Math.max(secondHalf, heap);
                }
            }
            summary.put("heapGrowthBytes", secondHalf - firstHalf);
            summary.put("heapGrowthLimitBytes", Math.max(2 * 1048576.0, 0.1 * firstHalf));
        }
        summary.put("resumeEventsPerSecond", number(phase(this.stall, 1), "eventsPerSecond"));
        return summary;
    }

    void print(PrintStream out, Path file) {
        Map<String, Object> results = results();
        out.println();
        out.printf("Results (%s, %.0f s), consumer JVM flags %s, load average %s%n", this.plan.name(),
                this.elapsedSeconds, this.plan.jvmFlags(), this.load);
        out.printf("%-9s %-26s %22s %8s %6s %6s %9s %6s %6s %6s %7s %7s %9s %22s %16s%n", "N", "client",
                "events/s median [min-max]", "CPU us/e", "x bare", "x EMP", "alloc B/e", "x bare", "x EMP", "GC us/e",
                "heap MB", "RSS MB", "CPU @rate", "p50/p99/p99.9 @rate ms", "p50/p99 @sat ms");
        Map<String, Object> previous = previous(file);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) results.get("throughput");
        for (Map<String, Object> row : rows) {
            Map<?, ?> eps = (Map<?, ?>) row.get("eventsPerSecond");
            out.printf("%,-9d %-26s %8.0f [%5.0f-%5.0f] %8.1f %6s %6s %9.0f %6s %6s %6.1f %7.1f %7.1f %9s %22s %16s%n",
                    row.get("size"), row.get("client"), eps.get("median"), eps.get("min"), eps.get("max"),
                    row.get("cpuMicrosPerEvent"), ratio(row, "vsBare", "cpuPerEvent"),
                    ratio(row, "vsEmp", "cpuPerEvent"), row.get("allocatedBytesPerEvent"),
                    ratio(row, "vsBare", "allocationPerEvent"), ratio(row, "vsEmp", "allocationPerEvent"),
                    row.get("gcMicrosPerEvent"), row.get("peakHeapMegabytes"), row.get("peakRssMegabytes"),
                    (row.get("rateCpuMicrosPerEvent") instanceof Number n) ? String.format("%.1f", n.doubleValue())
                            : "-",
                    millis(row.get("rateLatencyMicros"), "p50", "p99", "p999"),
                    millis(row.get("saturationLatencyMicros"), "p50", "p99"));
            out.println(topThreads(row.get("cpuMicrosPerEventByThread")));
        }
        out.println();
        out.println("Targets:");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> targets = (List<Map<String, Object>>) results.get("targets");
        targets.forEach(
                (t) -> out.printf("  %-4s %s%s: %s; %s%n", ((Boolean) t.get("met")) ? "met" : "MISS", t.get("path"),
                        "allocation".equals(t.get("column")) ? " (allocation)" : "", t.get("target"), t.get("result")));
        out.println("Replay stores (core listener):");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> storeRows = (List<Map<String, Object>>) results.get("stores");
        storeRows.forEach((s) -> {
            Map<?, ?> eps = (Map<?, ?>) s.get("eventsPerSecond");
            out.printf(
                    "  %-7s %8.0f [%5.0f-%5.0f] events/s, %6.1f CPU us/e, cost vs memory %5.1f %% (target <= 3 %%)%n",
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
                        out.printf("  %,-9d %-26s %8.0f -> %8.0f events/s, %6.1f -> %6.1f CPU us/e%n", row.get("size"),
                                row.get("client"), median(old, "eventsPerSecond"), median(row, "eventsPerSecond"),
                                number(old, "cpuMicrosPerEvent"), number(row, "cpuMicrosPerEvent"));
                    }
                }
            }
        }
        out.println("Written to " + file + " and " + markdownFile(file));
    }

    private static String ratio(Map<String, Object> row, String vs, String key) {
        return ((row.get(vs) instanceof Map<?, ?> ratios) && ratios.get(key) instanceof Number n)
                ? String.format("%.2f", n.doubleValue()) : "-";
    }

    private static Path markdownFile(Path json) {
        return json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
    }

    /**
     * The markdown the README can paste: the clients side by side, then the targets of
     * issue 18 (CPU per event and allocation per event, met or missed), then the other
     * targets.
     */
    @SuppressWarnings("unchecked")
    String markdown(Map<String, Object> results) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("Plan `%s`, %s, %.0f s; consumer flags `%s`; load average before %s, after %s.%n%n",
                results.get("plan"), results.get("date"), this.elapsedSeconds, String.join(" ", this.plan.jvmFlags()),
                this.load.getOrDefault("before", "?"), this.load.getOrDefault("after", "?")));
        md.append(
                "| N | client | runs | events/s median [min-max] | CPU us/event | x bare | x EMP-style | alloc B/event "
                        + "| x bare | x EMP-style | GC us/event | peak heap MB | peak RSS MB | CPU us/event at "
                        + String.format("%,d", this.plan.rate()) + "/s | p50/p99 at "
                        + String.format("%,d", this.plan.rate())
                        + "/s (ms) | p50/p99 at saturation (ms) | busiest threads, CPU us/event |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) results.get("throughput")) {
            Map<?, ?> eps = (Map<?, ?>) row.get("eventsPerSecond");
            md.append(String.format(
                    "| %,d | %s | %s | %,.0f [%,.0f-%,.0f] | %.1f | %s | %s | %,.0f | %s | %s | %.1f | %.1f "
                            + "| %.1f | %s | %s | %s | %s |%n",
                    row.get("size"), markdownLabel((String) row.get("kind")), row.get("runs"), eps.get("median"),
                    eps.get("min"), eps.get("max"), row.get("cpuMicrosPerEvent"), ratio(row, "vsBare", "cpuPerEvent"),
                    ratio(row, "vsEmp", "cpuPerEvent"), row.get("allocatedBytesPerEvent"),
                    ratio(row, "vsBare", "allocationPerEvent"), ratio(row, "vsEmp", "allocationPerEvent"),
                    row.get("gcMicrosPerEvent"), row.get("peakHeapMegabytes"), row.get("peakRssMegabytes"),
                    (row.get("rateCpuMicrosPerEvent") instanceof Number n) ? String.format("%.1f", n.doubleValue())
                            : "-",
                    millis(row.get("rateLatencyMicros"), "p50", "p99").replace("/", " / "),
                    millis(row.get("saturationLatencyMicros"), "p50", "p99").replace("/", " / "),
                    topThreads(row.get("cpuMicrosPerEventByThread"), 3)));
        }
        List<Map<String, Object>> targets = (List<Map<String, Object>>) results.get("targets");
        md.append("\n| path | CPU per event: target | result | | allocation per event: target | result | |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        List<String> paths = new ArrayList<>();
        targets.stream().filter((t) -> !"other".equals(t.get("column"))).forEach((t) -> {
            if (!paths.contains((String) t.get("path"))) {
                paths.add((String) t.get("path"));
            }
        });
        for (String path : paths) {
            md.append("| ")
                .append(path)
                .append(" | ")
                .append(cell(targets, path, "cpu"))
                .append(" | ")
                .append(cell(targets, path, "allocation"))
                .append(" |\n");
        }
        md.append("\n| target | goal | result | |\n|---|---|---|---|\n");
        List<String> others = new ArrayList<>();
        targets.stream().filter((t) -> "other".equals(t.get("column"))).forEach((t) -> {
            if (!others.contains((String) t.get("path"))) {
                others.add((String) t.get("path"));
            }
        });
        for (String path : others) {
            md.append("| ").append(path).append(" | ").append(cell(targets, path, "other")).append(" |\n");
        }
        return md.toString();
    }

    /** "goal | result | met": the targets of one path and column, joined. */
    private static String cell(List<Map<String, Object>> targets, String path, String column) {
        List<Map<String, Object>> matching = targets.stream()
            .filter((t) -> path.equals(t.get("path")) && column.equals(t.get("column")))
            .toList();
        if (matching.isEmpty()) {
            return "- | - | ";
        }
        List<String> goals = new ArrayList<>();
        matching.forEach((t) -> {
            if (!goals.contains((String) t.get("target"))) {
                goals.add((String) t.get("target"));
            }
        });
        long met = matching.stream().filter((t) -> (Boolean) t.get("met")).count();
        String verdict = (met == matching.size()) ? "met"
                : (met == 0) ? "missed" : String.format("missed (%d of %d met)", met, matching.size());
        return String.join(", ", goals) + " | "
                + String.join(", ", matching.stream().map((t) -> (String) t.get("result")).toList()) + " | " + verdict;
    }

    private static String markdownLabel(String kind) {
        return switch (ConsumerKind.valueOf(kind)) {
            case CORE_RECEIVE -> "core `receive()`";
            case SPRING_LISTENER -> "`@SalesforceListener` POJO";
            case PUBSUB_RECEIVE -> "Pub/Sub `receive()`";
            default -> ConsumerKind.valueOf(kind).label();
        };
    }

    void write(Path file) throws IOException {
        if (Files.exists(file)) {
            Files.copy(file, file.resolveSibling(file.getFileName().toString().replace(".json", "-previous.json")),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Map<String, Object> results = results();
        Files.writeString(file, JSON.writeValueAsString(results));
        Files.writeString(markdownFile(file), markdown(results));
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

    private static String formatMillis(double micros) {
        return String.format("%+.2f ms", micros / 1000);
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

    private static Map<String, Object> lastPhase(Map<String, Object> result) {
        List<Map<String, Object>> phases = phases(result);
        return phases.get(phases.size() - 1);
    }

    private static double number(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return (value instanceof Number n) ? n.doubleValue() : Double.NaN;
    }

}
