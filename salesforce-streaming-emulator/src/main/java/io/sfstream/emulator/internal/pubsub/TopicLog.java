package io.sfstream.emulator.internal.pubsub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sfstream.emulator.internal.events.ChannelKind;

/**
 * The events of one Pub/Sub topic still retained (the channel kind's retention on the
 * org's clock, as on the Bayeux side), in replay id order. Thread-safe.
 */
final class TopicLog {

    private final String topic;

    private final ChannelKind kind;

    private final List<LogEntry> entries = new ArrayList<>();

    private long latestReplayId;

    TopicLog(String topic, ChannelKind kind) {
        this.topic = topic;
        this.kind = kind;
    }

    String topic() {
        return this.topic;
    }

    synchronized void append(LogEntry entry) {
        this.entries.add(entry);
        this.latestReplayId = Math.max(this.latestReplayId, entry.replayId());
    }

    /** The replay id of the newest event ever stored, 0 when none. */
    synchronized long latestReplayId() {
        return this.latestReplayId;
    }

    /**
     * The oldest replay id a subscriber may resume after: the oldest retained event's, or
     * the newest event's when none is retained any more; 0 when the topic never had an
     * event.
     */
    synchronized long oldestValidReplayId(Instant now) {
        prune(now);
        return this.entries.isEmpty() ? this.latestReplayId : this.entries.get(0).replayId();
    }

    /** The replay id just before the oldest retained event (EARLIEST). */
    synchronized long beforeOldest(Instant now) {
        prune(now);
        return this.entries.isEmpty() ? this.latestReplayId : this.entries.get(0).replayId() - 1;
    }

    /** Up to {@code max} retained events after a replay id, oldest first. */
    synchronized List<LogEntry> after(long replayId, int max, Instant now) {
        prune(now);
        int low = 0;
        int high = this.entries.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (this.entries.get(middle).replayId() <= replayId) {
                low = middle + 1;
            }
            else {
                high = middle;
            }
        }
        int end = Math.min(this.entries.size(), low + max);
        return (low >= end) ? List.of() : List.copyOf(this.entries.subList(low, end));
    }

    private void prune(Instant now) {
        Instant horizon = now.minus(this.kind.retention());
        int expired = 0;
        while (expired < this.entries.size() && this.entries.get(expired).createdAt().isBefore(horizon)) {
            expired++;
        }
        if (expired > 0) {
            this.entries.subList(0, expired).clear();
        }
    }

}
