package io.sfstream.spring.listener;

import java.util.concurrent.ThreadFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * How the events of different channels are processed: {@code concurrency} channels at
 * once (1: every channel on the dispatcher thread, in one order), with at most
 * {@code maxInFlight} events waiting or being processed, on threads made by
 * {@code threads} (platform threads, or virtual threads where the application uses them).
 *
 * @param concurrency how many channels are processed at once, 1 or more
 * @param maxInFlight how many events may wait for or be in processing at once, 1 or more
 * @param threads makes the workers' threads
 */
public record Parallelism(int concurrency, int maxInFlight, ThreadFactory threads) {

    /** Every channel on the dispatcher thread. */
    public static final Parallelism SERIAL = new Parallelism(1, 1,
            new CustomizableThreadFactory("salesforce-streaming-listener-"));

    /**
     * Checks the bounds.
     * @param concurrency how many channels are processed at once
     * @param maxInFlight how many events may wait or be processed at once
     * @param threads the thread factory
     */
    public Parallelism {
        if (concurrency < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("concurrency and maxInFlight must be 1 or more");
        }
    }

    /**
     * Processes {@code concurrency} channels at once on platform threads named
     * {@code salesforce-streaming-listener-N}.
     * @param concurrency how many channels at once
     * @param maxInFlight how many events may wait or be processed at once
     * @return the parallelism
     */
    public static Parallelism of(int concurrency, int maxInFlight) {
        return new Parallelism(concurrency, maxInFlight,
                new CustomizableThreadFactory("salesforce-streaming-listener-"));
    }
}
