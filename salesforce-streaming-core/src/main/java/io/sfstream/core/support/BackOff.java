package io.sfstream.core.support;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Exponential back-off with jitter and a cap: the n-th delay is drawn between half and
 * all of {@code min(max, initial * 2^n)}. Thread-safe.
 */
public final class BackOff {

    private final long initialMillis;

    private final long maxMillis;

    private final LongUnaryOperator jitter;

    private int attempts;

    /**
     * Creates a back-off with random jitter.
     * @param initial the first delay (before jitter)
     * @param max the cap
     */
    public BackOff(Duration initial, Duration max) {
        this(initial, max, (bound) -> (bound <= 0) ? 0 : ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /**
     * Creates a back-off with the given jitter function.
     * @param initial the first delay (before jitter)
     * @param max the cap
     * @param jitter given a bound, returns a value between 0 and the bound inclusive (a
     * fixed function makes the delays predictable, for tests)
     */
    public BackOff(Duration initial, Duration max, LongUnaryOperator jitter) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(this.initialMillis, max.toMillis());
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    /**
     * Returns the next delay and counts the attempt.
     * @return the delay
     */
    public synchronized Duration next() {
        long ceiling = ceiling(this.attempts);
        if (this.attempts < 62) {
            this.attempts++;
        }
        long half = ceiling / 2;
        return Duration.ofMillis(half + this.jitter.applyAsLong(ceiling - half));
    }

    /**
     * Returns how many delays were handed out since the last reset.
     * @return the attempt count
     */
    public synchronized int attempts() {
        return this.attempts;
    }

    /** Starts again from the initial delay, after a success. */
    public synchronized void reset() {
        this.attempts = 0;
    }

    private long ceiling(int attempt) {
        if (attempt >= 62 || this.initialMillis > (this.maxMillis >> Math.min(attempt, 62))) {
            return this.maxMillis;
        }
        return Math.min(this.maxMillis, this.initialMillis << attempt);
    }

    @Override
    public String toString() {
        return "BackOff[initial=" + this.initialMillis + "ms, max=" + this.maxMillis + "ms]";
    }

}
