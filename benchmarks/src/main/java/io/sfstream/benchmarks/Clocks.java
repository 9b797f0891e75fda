package io.sfstream.benchmarks;

import java.time.Instant;

/**
 * Wall-clock microseconds, comparable between the driver and consumer processes on one
 * machine.
 */
public final class Clocks {

    private Clocks() {
    }

    /**
     * Returns the current time in microseconds since the epoch.
     * @return epoch microseconds
     */
    public static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

}
