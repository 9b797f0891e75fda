package io.sfstream.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole harness with tiny sizes so the benchmark code cannot rot: every client,
 * the EMP-style peer on its own class path included. Asserts that every client counted
 * every event and that the report has every column and target; never a time.
 */
class BenchmarksSmokeIntegrationTests {

    private static final List<String> COLUMNS = List.of("eventsPerSecond", "cpuMicrosPerEvent",
            "cpuMicrosPerEventByThread", "allocatedBytesPerEvent", "gcMicrosPerEvent", "peakHeapMegabytes",
            "peakRssMegabytes", "saturationLatencyMicros", "rateLatencyMicros", "rateCpuMicrosPerEvent", "lostEvents");

    @Test
    @SuppressWarnings("unchecked")
    void smokeRunCountsEveryEventOfEveryClientAndWritesTheJson() throws Exception {
        Plan plan = Plan.smoke();
        Path out = Path.of("target", "smoke-results.json");
        Map<String, Object> results = Benchmarks.run(plan, System.getProperty("java.class.path"), out);

        assertThat(out).exists();
        assertThat(Files.readString(out)).contains("\"throughput\"", "\"targets\"", "\"stores\"", "\"stall\"");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) results.get("throughput");
        assertThat(rows).extracting((row) -> row.get("kind"))
            .containsExactly("BARE_COMETD", "EMP_STYLE", "CORE_RECEIVE", "CORE_LISTENER", "SPRING_LISTENER",
                    "PUBSUB_RECEIVE");
        Map<String, Object> raw = (Map<String, Object>) results.get("raw");
        Map<Integer, Map<Object, List<Map<String, Object>>>> throughput = (Map<Integer, Map<Object, List<Map<String, Object>>>>) raw
            .get("throughput");
        int expected = plan.warmup() + plan.sizes().get(0) + plan.latencyEvents();
        throughput.values()
            .forEach((byKind) -> byKind.values()
                .forEach((runs) -> runs
                    .forEach((run) -> assertThat(((Number) run.get("events")).intValue()).isEqualTo(expected))));

        for (Map<String, Object> row : rows) {
            assertThat(row).as("%s", row.get("kind")).containsKeys(COLUMNS.toArray(String[]::new));
            assertThat(((Number) row.get("lostEvents")).longValue()).isZero();
            assertThat(((Number) row.get("peakRssMegabytes")).doubleValue()).isPositive();
            assertThat((Map<String, Object>) row.get("cpuMicrosPerEventByThread")).isNotEmpty();
            assertThat((Map<String, Object>) row.get("rateLatencyMicros")).containsKeys("p50", "p99");
            assertThat((Map<String, Object>) row.get("saturationLatencyMicros")).containsKeys("p50", "p99");
            if (!row.get("kind").equals("BARE_COMETD")) {
                assertThat((Map<String, Object>) row.get("vsBare")).containsKeys("cpuPerEvent", "allocationPerEvent",
                        "gcPerEvent", "peakRss", "rateCpuPerEvent", "addedP99LatencyMicrosAtRate");
            }
            if (!row.get("kind").equals("EMP_STYLE")) {
                assertThat((Map<String, Object>) row.get("vsEmp")).containsKeys("cpuPerEvent", "allocationPerEvent",
                        "peakRss");
            }
        }
        List<Map<String, Object>> targets = (List<Map<String, Object>>) results.get("targets");
        assertThat(targets).extracting((target) -> target.get("path"))
            .contains("core `receive()`", "core listener", "`@SalesforceListener` taking a record",
                    "at 2,000 events/s, one event per round trip", "memory: peak RSS at -Xmx128m",
                    "every client at full speed at -Xmx128m, nothing lost",
                    "stalled consumer: heap flat, nothing lost");
        assertThat(targets).allSatisfy((target) -> assertThat(target).containsKeys("target", "result", "met"));
        assertThat(targets).filteredOn((target) -> target.get("path").equals("core `receive()`"))
            .extracting((target) -> target.get("target"))
            .containsExactly("<= 0.5x bare", "<= 0.8x EMP-style", "<= 0.6x bare");
        Path markdown = Path.of("target", "smoke-results.md");
        assertThat(Files.readString(markdown)).contains("| path | CPU per event: target |", "allocation per event",
                "EMP-style CometD 4", "peak RSS MB", "GC us/event");

        assertThat((List<?>) results.get("stores")).hasSize(3);
        Map<String, Object> stall = (Map<String, Object>) results.get("stall");
        assertThat(stall.get("receivedDistinctEvents")).isEqualTo(plan.warmup() + plan.stallBacklog());
        assertThat((List<?>) stall.get("samples")).isNotEmpty();
    }

}
