package io.sfstream.spring.listener;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the events of different channels in parallel and those of one channel in order:
 * one lane per channel (replay key), served by at most one worker at a time, with at most
 * {@code concurrency} workers. At most {@code maxInFlight} events wait in the lanes or
 * are being processed: handing over one more blocks the dispatcher thread until an event
 * is done, so the client's buffer fills and its long poll waits, and memory stays
 * bounded. A lane whose channel is paused keeps its events and frees its worker until it
 * is resumed.
 *
 * <p>
 * Thread-safe.
 */
final class ChannelLanes {

    private static final Logger logger = LoggerFactory.getLogger(ChannelLanes.class);

    private final ThreadPoolExecutor workers;

    private final Semaphore inFlight;

    private final int maxInFlight;

    private final Consumer<StreamingEvent> process;

    private final Predicate<String> paused;

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * Creates the lanes.
     * @param concurrency how many channels are processed at once
     * @param maxInFlight how many events may wait in the lanes or be processed at once
     * @param threads the workers' threads (platform or virtual)
     * @param process processes one event: delivers it to the containers and commits it
     * @param paused whether the lanes of a channel hold their events
     */
    ChannelLanes(int concurrency, int maxInFlight, ThreadFactory threads, Consumer<StreamingEvent> process,
            Predicate<String> paused) {
        this.workers = new ThreadPoolExecutor(concurrency, concurrency, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        this.workers.allowCoreThreadTimeOut(true);
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.process = process;
        this.paused = paused;
    }

    /**
     * Hands an event to its channel's lane, waiting while {@code maxInFlight} events are
     * already in the lanes.
     * @param event the event
     * @throws InterruptedException when interrupted while waiting
     */
    void submit(StreamingEvent event) throws InterruptedException {
        this.inFlight.acquire();
        String key = ReplayKey.of(event.channel());
        this.lanes.computeIfAbsent(key, Lane::new).add(event);
    }

    /**
     * Starts the lanes whose channels are no longer paused.
     */
    void resume() {
        this.lanes.values().forEach(Lane::scheduleIfReady);
    }

    /**
     * Returns how many events wait in the lanes or are being processed.
     * @return the count
     */
    int inFlight() {
        return this.maxInFlight - this.inFlight.availablePermits();
    }

    /**
     * Stops: events still waiting in the lanes are dropped (they are not committed, so
     * they come again), the events being processed may finish within the timeout, then
     * their threads are interrupted.
     * @param timeout how long to wait for the events being processed
     * @return whether every worker finished in time
     */
    boolean stop(Duration timeout) {
        this.lanes.values().forEach(Lane::clear);
        this.workers.shutdown();
        try {
            if (this.workers.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                return true;
            }
            this.workers.shutdownNow();
            this.workers.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.workers.shutdownNow();
        }
        return false;
    }

    /** The events of one channel, processed in order by at most one worker at a time. */
    private final class Lane {

        private final String key;

        private final Queue<StreamingEvent> events = new ArrayDeque<>();

        private boolean scheduled;

        Lane(String key) {
            this.key = key;
        }

        synchronized void add(StreamingEvent event) {
            this.events.add(event);
            scheduleIfReady();
        }

        synchronized void scheduleIfReady() {
            if (this.scheduled || this.events.isEmpty() || ChannelLanes.this.paused.test(this.key)) {
                return;
            }
            this.scheduled = true;
            try {
                ChannelLanes.this.workers.execute(this::drain);
            }
            catch (java.util.concurrent.RejectedExecutionException ex) {
                this.scheduled = false;
                logger.debug("Not processing the lane of {}: stopping", this.key);
            }
        }

        synchronized void clear() {
            ChannelLanes.this.inFlight.release(this.events.size());
            this.events.clear();
        }

        private void drain() {
            while (!Thread.currentThread().isInterrupted()) {
                StreamingEvent event;
                synchronized (this) {
                    event = (ChannelLanes.this.paused.test(this.key)) ? null : this.events.poll();
                    if (event == null) {
                        this.scheduled = false;
                        return;
                    }
                }
                try {
                    ChannelLanes.this.process.accept(event);
                }
                catch (RuntimeException ex) {
                    logger.error("Processing an event of {} failed", this.key, ex);
                }
                finally {
                    ChannelLanes.this.inFlight.release();
                }
            }
            synchronized (this) {
                this.scheduled = false;
            }
        }

        @Override
        public String toString() {
            return "Lane[" + this.key + ", " + List.copyOf(this.events).size() + " waiting]";
        }

    }

}
