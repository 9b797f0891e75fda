package io.sfstream.emulator.events;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out increasing replay ids with random gaps, so clients cannot get away with computing them.
 *
 * <p>Thread-safe.
 */
final class ReplayIdSequence {

    private final AtomicLong last = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 20));

    long next() {
        return last.addAndGet(ThreadLocalRandom.current().nextLong(1, 6));
    }
}
