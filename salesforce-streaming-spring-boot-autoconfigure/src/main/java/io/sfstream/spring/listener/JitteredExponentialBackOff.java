package io.sfstream.spring.listener;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Exponential back-off with jitter and a cap, the client's own rule
 * ({@code salesforce.streaming.back-off.*}): the n-th delay is drawn between half and all
 * of {@code min(max, initial * 2^n)}, so that instances restarted together do not retry
 * together. It never stops. Thread-safe; each {@link #start()} counts from the initial
 * delay.
 */
final class JitteredExponentialBackOff implements BackOff {

    private final long initialMillis;

    private final long maxMillis;

    private final LongUnaryOperator jitter;

    /**
     * Creates the back-off with random jitter.
     * @param initial the first delay (before jitter); at least 1 ms
     * @param max the longest delay; at least the first
     */
    JitteredExponentialBackOff(Duration initial, Duration max) {
        this(initial, max, (bound) -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /**
     * Creates the back-off with the given jitter.
     * @param initial the first delay (before jitter); at least 1 ms
     * @param max the longest delay; at least the first
     * @param jitter given a bound, returns a value from 0 to the bound, inclusive
     */
    JitteredExponentialBackOff(Duration initial, Duration max, LongUnaryOperator jitter) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(this.initialMillis, max.toMillis());
        this.jitter = jitter;
    }

    @Override
    public BackOffExecution start() {
        return new BackOffExecution() {

            private int attempt;

            @Override
            public long nextBackOff() {
                long ceiling = ceiling(this.attempt);
                if (this.attempt < 62) {
                    this.attempt++;
                }
                long half = ceiling / 2;
                return half + JitteredExponentialBackOff.this.jitter.applyAsLong(ceiling - half);
            }
        };
    }

    private long ceiling(int attempt) {
        if (this.initialMillis > (this.maxMillis >> attempt)) {
            return this.maxMillis;
        }
        return this.initialMillis << attempt;
    }

    @Override
    public String toString() {
        return "JitteredExponentialBackOff[initial=" + this.initialMillis + "ms, max=" + this.maxMillis + "ms]";
    }

}
