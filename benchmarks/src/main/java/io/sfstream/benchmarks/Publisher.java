package io.sfstream.benchmarks;

import java.util.concurrent.locks.LockSupport;

import io.sfstream.emulator.SalesforceEmulator;

/**
 * Publishes the events of one phase on the emulator, in one of three ways.
 */
final class Publisher {

    private final SalesforceEmulator emulator;

    private final ConsumerProcess consumer;

    private long published;

    Publisher(SalesforceEmulator emulator, ConsumerProcess consumer) {
        this.emulator = emulator;
        this.consumer = consumer;
    }

    /**
     * As fast as the consumer takes them: batches of {@code batch} events, never more
     * than {@code window} ahead of what the consumer acknowledged, so a long-poll
     * response stays far below the 16 MB message size limit.
     */
    void saturate(int count, int batch, int window) throws InterruptedException {
        long target = this.published + count;
        while (this.published < target) {
            long acked = this.consumer.acked();
            if (this.published - acked + batch > window) {
                this.consumer.awaitAckedAbove(acked);
                continue;
            }
            int size = (int) Math.min(batch, target - this.published);
            this.emulator.publishBatch(ChangeEvents.CHANNEL, ChangeEvents.batch(size, Clocks.epochMicros()));
            this.published += size;
        }
    }

    /** One event at a time at a fixed rate: one event per long-poll round trip. */
    void atRate(int count, int perSecond) {
        long period = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            this.emulator.publish(ChangeEvents.CHANNEL, ChangeEvents.account(Clocks.epochMicros()));
        }
        this.published += count;
    }

    /** A backlog, in batches, with no regard for the consumer. */
    void backlog(int count, int batch) {
        for (int done = 0; done < count; done += batch) {
            int size = Math.min(batch, count - done);
            this.emulator.publishBatch(ChangeEvents.CHANNEL, ChangeEvents.batch(size, Clocks.epochMicros()));
        }
        this.published += count;
    }

}
