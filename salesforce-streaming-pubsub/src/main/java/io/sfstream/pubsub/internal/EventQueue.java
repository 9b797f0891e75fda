package io.sfstream.pubsub.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.sfstream.pubsub.PubSubEvent;
import org.jspecify.annotations.Nullable;

/**
 * The events received and not yet taken, in arrival order, across every channel. Adding
 * never blocks: the bound comes from flow control (each channel's stream is never owed
 * more than its share leaves room for, see {@link TopicSubscription}). Taking an event
 * tells its subscription (which may ask the server for more) on the taking thread, after
 * the queue's lock is released. Thread-safe.
 */
public final class EventQueue {

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition notEmpty = this.lock.newCondition();

    private final Deque<DecodedEvent> events = new ArrayDeque<>();

    private final Consumer<? super PubSubEvent> taken;

    private boolean closed;

    /**
     * Creates the queue.
     * @param taken told of every event taken, outside the lock
     */
    public EventQueue(Consumer<? super PubSubEvent> taken) {
        this.taken = taken;
    }

    /**
     * Appends an event; returns {@code false} (and drops it) once the queue is closed.
     * @param event the event
     * @return whether it was added
     */
    boolean add(DecodedEvent event) {
        this.lock.lock();
        try {
            if (this.closed) {
                return false;
            }
            this.events.addLast(event);
            this.notEmpty.signalAll();
            return true;
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Takes the oldest event, waiting up to the timeout.
     * @param timeout how long to wait
     * @param unit its unit
     * @return the event, or {@code null} when none came in time or the queue is closed
     * @throws InterruptedException when interrupted
     */
    public @Nullable PubSubEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
        DecodedEvent event;
        this.lock.lockInterruptibly();
        try {
            long nanos = unit.toNanos(timeout);
            while (this.events.isEmpty() && !this.closed) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = this.notEmpty.awaitNanos(nanos);
            }
            event = this.events.pollFirst();
        }
        finally {
            this.lock.unlock();
        }
        if (event != null) {
            this.taken.accept(event);
        }
        return event;
    }

    /**
     * Drops the events of a channel.
     * @param channel the channel
     * @return how many were dropped
     */
    public int discard(String channel) {
        this.lock.lock();
        try {
            int before = this.events.size();
            this.events.removeIf((event) -> event.channel().equals(channel));
            return before - this.events.size();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Returns how many events wait.
     * @return the count
     */
    public int size() {
        this.lock.lock();
        try {
            return this.events.size();
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Drops every event and wakes every taker. Idempotent. */
    public void close() {
        this.lock.lock();
        try {
            this.closed = true;
            this.events.clear();
            this.notEmpty.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Opens a closed queue again, empty. */
    public void reopen() {
        this.lock.lock();
        try {
            this.closed = false;
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Whether {@link #close()} was called.
     * @return whether closed
     */
    public boolean isClosed() {
        this.lock.lock();
        try {
            return this.closed;
        }
        finally {
            this.lock.unlock();
        }
    }

}
