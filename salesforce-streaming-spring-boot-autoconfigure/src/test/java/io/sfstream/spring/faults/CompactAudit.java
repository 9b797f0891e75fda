package io.sfstream.spring.faults;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audit of {@link StreamAudit} in constant memory per event (one bit), for long runs
 * where a log of every event would itself look like a leak: per channel, which numbers
 * were processed, how many twice, and whether first occurrences kept increasing.
 * Thread-safe.
 */
final class CompactAudit implements ProcessedSink {

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    CompactAudit(List<String> channelNames) {
        channelNames.forEach((name) -> this.channels.put(name, new Channel()));
    }

    @Override
    public void processed(String channel, int seq) {
        this.channels.get(channel).record(seq);
    }

    @Override
    public void handled(String channel, int seq) {
        processed(channel, seq);
    }

    int processed(String channel) {
        return this.channels.get(channel).distinct();
    }

    int lost(String channel, int published) {
        return published - this.channels.get(channel).distinctUpTo(published);
    }

    int duplicates(String channel) {
        return this.channels.get(channel).duplicates;
    }

    String orderViolation(String channel) {
        return this.channels.get(channel).orderViolation;
    }

    private static final class Channel {

        private final BitSet seen = new BitSet();

        private int highestFirst;

        private int duplicates;

        private String orderViolation;

        synchronized void record(int seq) {
            if (this.seen.get(seq)) {
                this.duplicates++;
                return;
            }
            this.seen.set(seq);
            if (seq < this.highestFirst && this.orderViolation == null) {
                this.orderViolation = seq + " first processed after " + this.highestFirst;
            }
            this.highestFirst = Math.max(this.highestFirst, seq);
        }

        synchronized int distinct() {
            return this.seen.cardinality();
        }

        synchronized int distinctUpTo(int last) {
            return this.seen.get(1, last + 1).cardinality();
        }

    }

}
