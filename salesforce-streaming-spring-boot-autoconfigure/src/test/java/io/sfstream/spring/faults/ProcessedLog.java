package io.sfstream.spring.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the application processed, in processing order, with the wall-clock time of
 * each (the application may run in another JVM of the same host). Thread-safe.
 */
final class ProcessedLog implements ProcessedSink {

    /**
     * One processed event.
     *
     * @param channel the channel
     * @param seq the number in the stream
     * @param atMillis when, epoch milliseconds
     * @param viaErrorHandler whether the error handler took it after the listener kept
     * failing
     */
    record Entry(String channel, int seq, long atMillis, boolean viaErrorHandler) {
    }

    private final List<Entry> entries = new ArrayList<>();

    private final Map<String, Set<Integer>> distinct = new ConcurrentHashMap<>();

    @Override
    public void processed(String channel, int seq) {
        add(new Entry(channel, seq, System.currentTimeMillis(), false));
    }

    @Override
    public void handled(String channel, int seq) {
        add(new Entry(channel, seq, System.currentTimeMillis(), true));
    }

    synchronized void add(Entry entry) {
        this.entries.add(entry);
        this.distinct.computeIfAbsent(entry.channel(), (c) -> ConcurrentHashMap.newKeySet()).add(entry.seq());
    }

    synchronized List<Entry> entries() {
        return List.copyOf(this.entries);
    }

    int distinctCount(String channel) {
        Set<Integer> seen = this.distinct.get(channel);
        return (seen != null) ? seen.size() : 0;
    }

    boolean containsAll(String channel, int lastSeq) {
        Set<Integer> seen = this.distinct.getOrDefault(channel, Set.of());
        for (int seq = 1; seq <= lastSeq; seq++) {
            if (!seen.contains(seq)) {
                return false;
            }
        }
        return true;
    }

    /**
     * When the first event numbered {@code fromSeq} or later was processed on the
     * channel.
     */
    synchronized OptionalLong firstProcessedAtOrAfter(String channel, int fromSeq) {
        return this.entries.stream()
            .filter((entry) -> entry.channel().equals(channel) && entry.seq() >= fromSeq)
            .mapToLong(Entry::atMillis)
            .findFirst();
    }

}
