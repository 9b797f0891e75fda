package io.sfstream.spring.faults;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Misbehaviour of the application's listener, switched on by a fault: throwing for some
 * events (once, so a retry recovers, or on every attempt, so the error handler takes the
 * event), or stalling once. Thread-safe.
 */
final class ListenerFaults {

    private volatile int failOnceEvery;

    private volatile int failAlwaysEvery;

    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    private final AtomicLong stallMillis = new AtomicLong();

    /** Events numbered a multiple of {@code n} fail on their first attempt. */
    void failOnceEvery(int n) {
        this.failOnceEvery = n;
    }

    /** Events numbered a multiple of {@code n} fail on every attempt. */
    void failAlwaysEvery(int n) {
        this.failAlwaysEvery = n;
    }

    /** Ends every listener fault: no more failures, no stall pending. */
    void reset() {
        this.failOnceEvery = 0;
        this.failAlwaysEvery = 0;
        this.stallMillis.set(0);
    }

    /** The next listener call sleeps this long before it processes its event. */
    void stallOnce(Duration duration) {
        this.stallMillis.set(duration.toMillis());
    }

    void beforeProcessing(String channel, int seq) throws InterruptedException {
        long stall = this.stallMillis.getAndSet(0);
        if (stall > 0) {
            Thread.sleep(stall);
        }
        int always = this.failAlwaysEvery;
        if (always > 0 && seq % always == 0) {
            throw new IllegalStateException("listener always fails for " + channel + " #" + seq);
        }
        int once = this.failOnceEvery;
        if (once > 0 && seq % once == 0 && this.failedOnce.add(channel + "#" + seq)) {
            throw new IllegalStateException("listener fails once for " + channel + " #" + seq);
        }
    }

}
