package io.sfstream.benchmarks.consumer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntSupplier;

import io.sfstream.benchmarks.Clocks;

/**
 * Counts, times and weighs the events of one consumer, phase by phase. Events are
 * expected in increasing replay id order; an event whose replay id is not above the last
 * one is a duplicate (replayed after a re-handshake) and is not counted. Reports progress
 * on standard output ({@code @@ACK}, {@code @@PHASE}) for the driver's flow control.
 * Called from one thread at a time (the consumer's). JDK only: the EMP-style peer, on a
 * class path of its own, uses it too.
 */
public final class Recorder {

    static final int ACK_EVERY = 100;

    private final PrintStream out;

    private final int[] phaseCounts;

    private final int stallAfterPhase;

    private final long stallMillis;

    private final Phase[] phases;

    private final CountDownLatch done = new CountDownLatch(1);

    private final List<Map<String, Object>> samples = new ArrayList<>();

    private volatile IntSupplier pending = () -> -1;

    private int phase;

    private int inPhase;

    private long total;

    private long duplicates;

    private long lastReplayId = Long.MIN_VALUE;

    /**
     * Creates a recorder.
     * @param out where progress lines go
     * @param phaseCounts the number of events of each phase
     * @param stallAfterPhase the phase after which the consumer stalls, or -1
     * @param stallMillis how long it stalls
     */
    Recorder(PrintStream out, int[] phaseCounts, int stallAfterPhase, long stallMillis) {
        this.out = out;
        this.phaseCounts = phaseCounts.clone();
        this.stallAfterPhase = stallAfterPhase;
        this.stallMillis = stallMillis;
        this.phases = new Phase[phaseCounts.length];
        for (int i = 0; i < phaseCounts.length; i++) {
            this.phases[i] = new Phase(phaseCounts[i]);
        }
    }

    void pendingCount(IntSupplier pending) {
        this.pending = pending;
    }

    /**
     * Records one received event.
     * @param replayId the event's replay id
     * @param sentMicros when the driver published it
     */
    public void onEvent(long replayId, long sentMicros) {
        long nowMicros = Clocks.epochMicros();
        if (replayId <= this.lastReplayId) {
            this.duplicates++;
            return;
        }
        this.lastReplayId = replayId;
        if (this.phase >= this.phases.length) {
            this.duplicates++;
            return;
        }
        Phase current = this.phases[this.phase];
        if (this.inPhase == 0) {
            current.start();
        }
        current.latencyMicros[this.inPhase] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, nowMicros - sentMicros));
        this.inPhase++;
        this.total++;
        if (this.total % ACK_EVERY == 0) {
            this.out.println("@@ACK " + this.total);
        }
        if (this.inPhase == this.phaseCounts[this.phase]) {
            current.end();
            this.out.println("@@ACK " + this.total);
            this.out.println("@@PHASE " + this.phase);
            if (this.phase == this.stallAfterPhase) {
                stall();
            }
            this.phase++;
            this.inPhase = 0;
            if (this.phase == this.phases.length) {
                this.done.countDown();
            }
        }
    }

    private void stall() {
        long end = System.nanoTime() + this.stallMillis * 1_000_000L;
        long started = System.nanoTime();
        this.out.println("@@STALLED");
        while (true) {
            System.gc();
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("seconds", (System.nanoTime() - started) / 1e9);
            sample.put("usedHeapAfterGcBytes", Probes.usedHeapBytes());
            sample.put("threads", Probes.threadCount());
            sample.put("pendingEvents", this.pending.getAsInt());
            this.samples.add(sample);
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                Thread.sleep(Math.min(left / 1_000_000L + 1, Math.max(500, this.stallMillis / 20)));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    void awaitDone() throws InterruptedException {
        this.done.await();
    }

    Map<String, Object> result() {
        Map<String, Object> result = new LinkedHashMap<>();
        List<Map<String, Object>> phaseResults = new ArrayList<>();
        for (Phase each : this.phases) {
            phaseResults.add(each.result());
        }
        result.put("events", this.total);
        result.put("duplicates", this.duplicates);
        result.put("phases", phaseResults);
        result.put("stallSamples", this.samples);
        return result;
    }

    /** One phase's measurements. */
    private static final class Phase {

        final int[] latencyMicros;

        long startNanos;

        long endNanos;

        long startCpu;

        long endCpu;

        long startAllocated;

        long endAllocated;

        long peakHeap;

        long startGcMillis;

        long endGcMillis;

        long rss;

        long peakRss;

        Map<String, Long> startCpuByThread = Map.of();

        Map<String, Long> endCpuByThread = Map.of();

        Phase(int count) {
            this.latencyMicros = new int[count];
        }

        void start() {
            Probes.resetPeakHeap();
            this.startAllocated = Probes.allocatedBytes();
            this.startGcMillis = Probes.gcMillis();
            this.startCpuByThread = Probes.cpuNanosByThreadGroup();
            this.startCpu = Probes.processCpuNanos();
            this.startNanos = System.nanoTime();
        }

        void end() {
            this.endNanos = System.nanoTime();
            this.endCpu = Probes.processCpuNanos();
            this.endCpuByThread = Probes.cpuNanosByThreadGroup();
            this.endAllocated = Probes.allocatedBytes();
            this.peakHeap = Probes.peakHeapBytes();
            this.endGcMillis = Probes.gcMillis();
            this.rss = Probes.rssBytes();
            this.peakRss = Probes.peakRssBytes();
        }

        Map<String, Object> result() {
            int count = this.latencyMicros.length;
            Map<String, Object> result = new LinkedHashMap<>();
            double seconds = (this.endNanos - this.startNanos) / 1e9;
            result.put("events", count);
            result.put("seconds", seconds);
            result.put("eventsPerSecond", (count > 1 && seconds > 0) ? (count - 1) / seconds : 0.0);
            result.put("cpuMicrosPerEvent", (this.endCpu - this.startCpu) / 1e3 / count);
            Map<String, Double> byThread = new TreeMap<>();
            this.endCpuByThread.forEach((group, nanos) -> {
                double micros = (nanos - this.startCpuByThread.getOrDefault(group, 0L)) / 1e3 / count;
                if (micros >= 0.05) {
                    byThread.put(group, Math.round(micros * 10) / 10.0);
                }
            });
            result.put("cpuMicrosPerEventByThread", byThread);
            result.put("allocatedBytesPerEvent", (double) (this.endAllocated - this.startAllocated) / count);
            result.put("gcMicrosPerEvent", (this.endGcMillis - this.startGcMillis) * 1e3 / count);
            result.put("peakHeapBytes", this.peakHeap);
            result.put("rssBytes", this.rss);
            result.put("peakRssBytes", this.peakRss);
            int[] sorted = Arrays.copyOf(this.latencyMicros, count);
            Arrays.sort(sorted);
            result.put("latencyP50Micros", percentile(sorted, 0.50));
            result.put("latencyP99Micros", percentile(sorted, 0.99));
            result.put("latencyP999Micros", percentile(sorted, 0.999));
            result.put("latencyMaxMicros", (count > 0) ? sorted[count - 1] : 0);
            return result;
        }

        /** The percentile, or null (written as JSON null) for a phase without events. */
        private static Integer percentile(int[] sorted, double p) {
            if (sorted.length == 0) {
                return null;
            }
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

    }

}
