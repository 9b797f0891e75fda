package io.sfstream.core.client.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/** Polls a condition until it holds or the timeout passes. */
public final class Await {

    private Await() {
    }

    /**
     * Waits for the condition.
     * @param timeout the longest wait
     * @param what what is awaited, for the failure message
     * @param condition the condition
     */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(10);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

}
