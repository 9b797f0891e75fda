package io.sfstream.benchmarks.consumer;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads this process's CPU time, allocated bytes, GC time, heap and resident memory: the
 * consumer runs alone in its JVM, so these are the client's own costs (its HTTP threads,
 * parsing, GC and JIT included). JDK only (the EMP-style peer uses it too).
 */
final class Probes {

    private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean();

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
        .getThreadMXBean();

    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans()
        .stream()
        .filter((pool) -> pool.getType() == MemoryType.HEAP)
        .toList();

    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

    private static final Path STATUS = Path.of("/proc/self/status");

    private Probes() {
    }

    /**
     * Milliseconds spent in collections so far, all collectors (the young and old pauses
     * of G1, for example).
     */
    static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean collector : COLLECTORS) {
            total += Math.max(0, collector.getCollectionTime());
        }
        return total;
    }

    /**
     * The process's peak resident set size so far ({@code VmHWM} of
     * {@code /proc/self/status}); -1 elsewhere.
     */
    static long peakRssBytes() {
        return status("VmHWM:");
    }

    /**
     * The process's resident set size now ({@code VmRSS}); -1 where {@code /proc} is not
     * there.
     */
    static long rssBytes() {
        return status("VmRSS:");
    }

    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    // "VmHWM: 123456 kB"
                    String value = line.substring(field.length()).trim();
                    return Long.parseLong(value.substring(0, value.indexOf(' '))) * 1024;
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // not Linux
        }
        return -1;
    }

    static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    /**
     * Bytes allocated by the live threads since they started (threads that ended are not
     * counted).
     */
    static long allocatedBytes() {
        long total = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            if (bytes > 0) {
                total += bytes;
            }
        }
        return total;
    }

    /**
     * CPU time of the live threads, by thread name without its trailing number
     * ({@code sfstream-http-17} counts as {@code sfstream-http}) nor an identity hash
     * ({@code HttpClient@5e8c92f4-34}, Jetty's default pool name, counts as
     * {@code HttpClient}); GC threads are not Java threads and are not included.
     */
    static Map<String, Long> cpuNanosByThreadGroup() {
        Map<String, Long> byGroup = new TreeMap<>();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        long[] cpu = THREADS.getThreadCpuTime(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && cpu[i] > 0) {
                byGroup.merge(group(infos[i].getThreadName()), cpu[i], Long::sum);
            }
        }
        return byGroup;
    }

    static String group(String threadName) {
        return threadName.replaceAll("@[0-9a-f]+", "").replaceAll("[-\\s]*\\d+$", "");
    }

    static void resetPeakHeap() {
        HEAP.forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peaks since the last reset. */
    static long peakHeapBytes() {
        return HEAP.stream().mapToLong((pool) -> pool.getPeakUsage().getUsed()).sum();
    }

    static long usedHeapBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static int threadCount() {
        return THREADS.getThreadCount();
    }

}
