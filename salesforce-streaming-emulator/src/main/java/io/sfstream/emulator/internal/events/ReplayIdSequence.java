package io.sfstream.emulator.internal.events;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out increasing replay ids with random gaps, so clients cannot get away with
 * computing them. The first id is random and small unless {@link #startAt(long)} set it;
 * replay ids are 64-bit, and a sequence can start anywhere up to {@link Long#MAX_VALUE}.
 *
 * <p>
 * Thread-safe.
 */
final class ReplayIdSequence {

    private long first;

    private long last;

    private boolean started;

    ReplayIdSequence(long first) {
        this.first = first;
    }

    ReplayIdSequence() {
        this(ThreadLocalRandom.current().nextLong(2, 25));
    }

    synchronized long next() {
        if (!this.started) {
            this.started = true;
            this.last = this.first;
            return this.last;
        }
        try {
            this.last = Math.addExact(this.last, ThreadLocalRandom.current().nextLong(1, 6));
        }
        catch (ArithmeticException e) {
            throw new IllegalStateException("Replay ids exhausted: the last one was " + this.last, e);
        }
        return this.last;
    }

    /**
     * Sets the first replay id, unless one was handed out already.
     * @param firstReplayId the first replay id, at least 1
     * @return {@code false} when the sequence has started
     */
    synchronized boolean startAt(long firstReplayId) {
        if (this.started) {
            return false;
        }
        this.first = firstReplayId;
        return true;
    }

}
