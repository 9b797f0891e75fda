package io.sfstream.benchmarks.consumer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads this process's CPU time, allocated bytes and heap: the consumer runs alone in its JVM, so these are the
 * client's own costs (its HTTP threads, parsing, GC and JIT included).
 */
final class Probes {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter((pool) -> pool.getType() == MemoryType.HEAP)
        .toList();

    private Probes() {
    }

    static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    /** Bytes allocated by the live threads since they started (threads that ended are not counted). */
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
     * CPU time of the live threads, by thread name without its trailing number ({@code sfstream-http-17} counts as
     * {@code sfstream-http}); GC threads are not Java threads and are not included.
     */
    static Map<String, Long> cpuNanosByThreadGroup() {
        Map<String, Long> byGroup = new TreeMap<>();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        long[] cpu = THREADS.getThreadCpuTime(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && cpu[i] > 0) {
                byGroup.merge(infos[i].getThreadName().replaceAll("[-\\s]*\\d+$", ""), cpu[i], Long::sum);
            }
        }
        return byGroup;
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
