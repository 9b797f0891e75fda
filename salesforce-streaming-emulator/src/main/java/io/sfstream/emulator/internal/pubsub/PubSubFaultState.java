package io.sfstream.emulator.internal.pubsub;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Pub/Sub faults armed for calls to come: corrupted replay ids, periods of
 * unavailability or exhausted limits (on the real, monotonic clock), denied topics.
 * Faults that act on open streams at once are carried out by the {@link PubSubService}.
 * Thread-safe.
 */
final class PubSubFaultState {

    private final AtomicInteger corruptReplayIds = new AtomicInteger();

    private final AtomicLong unavailableUntil = new AtomicLong();

    private final AtomicLong limitExceededUntil = new AtomicLong();

    private final Set<String> deniedTopics = ConcurrentHashMap.newKeySet();

    void corruptNextReplayId() {
        this.corruptReplayIds.incrementAndGet();
    }

    boolean takeCorruptReplayId() {
        return this.corruptReplayIds.getAndUpdate((n) -> (n > 0) ? n - 1 : 0) > 0;
    }

    void unavailableFor(Duration period) {
        this.unavailableUntil.set(System.nanoTime() + requirePositive(period).toNanos());
    }

    boolean unavailable() {
        return active(this.unavailableUntil);
    }

    void limitExceededFor(Duration period) {
        this.limitExceededUntil.set(System.nanoTime() + requirePositive(period).toNanos());
    }

    boolean limitExceeded() {
        return active(this.limitExceededUntil);
    }

    void deny(String topic) {
        this.deniedTopics.add(topic);
    }

    boolean denied(String topic) {
        return this.deniedTopics.contains(topic);
    }

    void reset() {
        this.corruptReplayIds.set(0);
        this.unavailableUntil.set(0);
        this.limitExceededUntil.set(0);
        this.deniedTopics.clear();
    }

    private static boolean active(AtomicLong until) {
        long end = until.get();
        return end != 0 && end - System.nanoTime() > 0;
    }

    private static Duration requirePositive(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return period;
    }

}
