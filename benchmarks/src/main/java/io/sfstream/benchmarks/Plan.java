package io.sfstream.benchmarks;

import java.util.List;

/**
 * How much a benchmark run does.
 *
 * @param name {@code smoke} or {@code full}
 * @param runs consumer runs per client and size, the clients' order turned run by run
 * @param warmup events consumed before measuring
 * @param sizes the events measured at saturation, per run
 * @param latencyEvents events published at the fixed rate, after the first size
 * @param rate the fixed rate, events per second
 * @param batch events per publish at saturation
 * @param window most events published ahead of the consumer's acknowledgements
 * @param storeEvents events per run of the replay store comparison
 * @param stallBacklog events published while the consumer stalls
 * @param stallMillis how long the consumer stalls
 * @param jvmFlags the consumer JVMs' flags
 */
public record Plan(String name, int runs, int warmup, List<Integer> sizes, int latencyEvents, int rate, int batch,
        int window, int storeEvents, int stallBacklog, long stallMillis, List<String> jvmFlags) {

    /** The consumer JVMs' default flags: a fixed, small heap. */
    public static final List<String> DEFAULT_JVM_FLAGS = List.of("-Xmx128m");

    /**
     * A few seconds per client, for {@code ./mvnw verify}.
     * @return the smoke plan
     */
    public static Plan smoke() {
        return new Plan("smoke", 1, 200, List.of(600), 60, 2_000, 200, 2_000, 300, 400, 1_000, DEFAULT_JVM_FLAGS);
    }

    /**
     * One run of everything at moderate sizes: about 5 minutes on 2 cores.
     * @return the medium plan
     */
    public static Plan medium() {
        return new Plan("medium", 1, 30_000, List.of(50_000), 6_000, 2_000, 200, 2_000, 30_000, 8_000, 45_000,
                DEFAULT_JVM_FLAGS);
    }

    /**
     * The full run, by hand: three runs of every client at each size, the clients
     * interleaved; about 20 minutes on a quiet 2-core machine.
     * @return the full plan
     */
    public static Plan full() {
        return new Plan("full", 3, 100_000, List.of(100_000, 1_000_000), 10_000, 2_000, 200, 2_000, 100_000, 10_000,
                90_000, DEFAULT_JVM_FLAGS);
    }

    /**
     * The consumer's buffer: a long-poll response never holds more than the window plus
     * what is not yet acknowledged, so it always fits and the core never drops a
     * response.
     * @return the core client's {@code maxPendingCount}
     */
    int maxPendingCount() {
        return this.window + 500;
    }
}
