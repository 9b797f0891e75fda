package io.sfstream.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole harness with tiny sizes so the benchmark code cannot rot. Asserts that every client counted every
 * event and that the JSON was written; never a time.
 */
class BenchmarksSmokeTests {

    @Test
    @SuppressWarnings("unchecked")
    void smokeRunCountsEveryEventOfEveryClientAndWritesTheJson() throws Exception {
        Plan plan = Plan.smoke();
        Path out = Path.of("target", "smoke-results.json");
        Map<String, Object> results = Benchmarks.run(plan, System.getProperty("java.class.path"), out);

        assertThat(out).exists();
        assertThat(Files.readString(out)).contains("\"throughput\"", "\"stores\"", "\"stall\"");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) results.get("throughput");
        assertThat(rows).extracting((row) -> row.get("kind"))
            .containsExactly("BARE_COMETD", "CORE_RECEIVE", "CORE_LISTENER", "SPRING_LISTENER");
        Map<String, Object> raw = (Map<String, Object>) results.get("raw");
        Map<Integer, Map<Object, List<Map<String, Object>>>> throughput =
                (Map<Integer, Map<Object, List<Map<String, Object>>>>) raw.get("throughput");
        int expected = plan.warmup() + plan.sizes().get(0) + plan.latencyEvents();
        throughput.values().forEach((byKind) -> byKind.values().forEach((runs) -> runs
            .forEach((run) -> assertThat(((Number) run.get("events")).intValue()).isEqualTo(expected))));
        assertThat((List<?>) results.get("stores")).hasSize(3);
        Map<String, Object> stall = (Map<String, Object>) results.get("stall");
        assertThat(stall.get("receivedDistinctEvents")).isEqualTo(plan.warmup() + plan.stallBacklog());
        assertThat((List<?>) stall.get("samples")).isNotEmpty();
    }
}
