package io.sfstream.spring.test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayKey;
import io.sfstream.spring.listener.DispatchObserver;
import org.jspecify.annotations.Nullable;

/**
 * Remembers what the listener methods did with the latest events (the last
 * {@value #CAPACITY} calls), so that a test can wait for them. A
 * {@link DispatchObserver}: the listener registry reports every processed and every
 * failed call. Thread-safe.
 */
public final class ProcessedEventLog implements DispatchObserver {

    /** How many listener calls are remembered. */
    public static final int CAPACITY = 10_000;

    private final Deque<ListenerCall> calls = new ArrayDeque<>();

    /** Creates an empty log. */
    public ProcessedEventLog() {
    }

    @Override
    public void processed(StreamingEvent event, String listenerId, Duration duration) {
        add(new ListenerCall(ReplayKey.of(event.channel()), event.replayId(), listenerId, null));
    }

    @Override
    public void failed(StreamingEvent event, String listenerId, Duration duration, Throwable error) {
        add(new ListenerCall(ReplayKey.of(event.channel()), event.replayId(), listenerId, error));
    }

    private void add(ListenerCall call) {
        synchronized (this.calls) {
            if (this.calls.size() == CAPACITY) {
                this.calls.removeFirst();
            }
            this.calls.addLast(call);
            this.calls.notifyAll();
        }
    }

    /**
     * Returns the remembered calls for one event.
     * @param channel the event's channel
     * @param replayId the event's replay id
     * @return the calls, oldest first
     */
    public List<ListenerCall> callsFor(String channel, ReplayId replayId) {
        String key = ReplayKey.of(channel);
        List<ListenerCall> found = new ArrayList<>();
        synchronized (this.calls) {
            for (ListenerCall call : this.calls) {
                if (call.replayId().equals(replayId) && call.channel().equals(key)) {
                    found.add(call);
                }
            }
        }
        return found;
    }

    /**
     * Waits until something is logged or the time is up.
     * @param timeout the longest wait
     * @throws InterruptedException if the thread is interrupted
     */
    void awaitChange(Duration timeout) throws InterruptedException {
        synchronized (this.calls) {
            this.calls.wait(Math.max(1, timeout.toMillis()));
        }
    }

    /**
     * One call of a listener method for an event, after its retries.
     *
     * @param channel the event's channel (without a PushTopic's filter query)
     * @param replayId the event's replay id
     * @param listenerId the listener container's id
     * @param error the last error when every attempt failed, {@code null} when it
     * succeeded
     */
    public record ListenerCall(String channel, ReplayId replayId, String listenerId, @Nullable Throwable error) {

        /**
         * Returns whether the listener finished without an error.
         * @return whether it succeeded
         */
        public boolean succeeded() {
            return this.error == null;
        }

    }

}
