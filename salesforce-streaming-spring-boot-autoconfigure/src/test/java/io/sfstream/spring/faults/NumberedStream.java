package io.sfstream.spring.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.sfstream.emulator.PublishedEvent;
import io.sfstream.emulator.SalesforceEmulator;

/**
 * Publishes a numbered stream (1, 2, 3, ... in the {@value #SEQ} field) on each channel
 * at a steady rate, through the emulator's Java API, so publishing goes on while the
 * emulator's HTTP server is stopped. Remembers when each number was published on the
 * emulator's clock. Thread-safe.
 */
final class NumberedStream implements AutoCloseable {

    static final String SEQ = "Seq__c";

    private final SalesforceEmulator emulator;

    private final List<String> channels;

    private final Map<String, AtomicInteger> published = new LinkedHashMap<>();

    private final Map<String, Map<Integer, Instant>> publishedAt = new ConcurrentHashMap<>();

    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor((task) -> {
        Thread thread = new Thread(task, "numbered-stream");
        thread.setDaemon(true);
        return thread;
    });

    private final boolean keepPublishTimes;

    NumberedStream(SalesforceEmulator emulator, List<String> channels) {
        this(emulator, channels, true);
    }

    /**
     * A stream that forgets publish times when {@code keepPublishTimes} is false (long
     * runs).
     */
    NumberedStream(SalesforceEmulator emulator, List<String> channels, boolean keepPublishTimes) {
        this.keepPublishTimes = keepPublishTimes;
        this.emulator = emulator;
        this.channels = List.copyOf(channels);
        channels.forEach((channel) -> {
            this.published.put(channel, new AtomicInteger());
            this.publishedAt.put(channel, new ConcurrentHashMap<>());
        });
    }

    /** Publishes the next number on every channel every {@code interval}. */
    void start(Duration interval) {
        this.publisher.scheduleAtFixedRate(this::publishRound, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Publishes the next number on every channel once, now. */
    synchronized void publishRound() {
        try {
            for (String channel : this.channels) {
                int seq = this.published.get(channel).get() + 1;
                PublishedEvent event = this.emulator.publish(channel, Map.of(SEQ, seq));
                if (this.keepPublishTimes) {
                    this.publishedAt.get(channel).put(seq, event.createdAt());
                }
                this.published.get(channel).set(seq);
            }
        }
        catch (Throwable ex) {
            this.failure.compareAndSet(null, ex);
        }
    }

    /** Runs the action between two rounds: nothing is published while it runs. */
    synchronized void betweenRounds(Runnable action) {
        action.run();
    }

    /** Stops publishing and waits for the round in progress. */
    void stop() {
        this.publisher.shutdown();
        try {
            if (!this.publisher.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The numbered stream did not stop");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        Throwable error = this.failure.get();
        if (error != null) {
            throw new IllegalStateException("Publishing the numbered stream failed", error);
        }
    }

    List<String> channels() {
        return this.channels;
    }

    int published(String channel) {
        return this.published.get(channel).get();
    }

    int publishedTotal() {
        return this.published.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /**
     * The next number of each channel: events numbered this or higher are published from
     * now on.
     */
    synchronized Map<String, Integer> nextNumbers() {
        Map<String, Integer> next = new LinkedHashMap<>();
        this.published.forEach((channel, count) -> next.put(channel, count.get() + 1));
        return next;
    }

    Instant publishedAt(String channel, int seq) {
        return this.publishedAt.get(channel).get(seq);
    }

    @Override
    public void close() {
        this.publisher.shutdownNow();
    }

}
