package io.sfstream.core.client.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The events received and not yet taken, in arrival order. Adding never blocks (CometD
 * threads must never wait on the consumer) and never drops: every event of a long-poll
 * response is kept, and the session holds back the next {@code /meta/connect} until the
 * consumer has made room ({@link #whenNotFull(Runnable)}). So the buffer holds at most
 * {@code capacity} events plus those of one response (whose size the transport bounds),
 * however slow the consumer. (Dropping the overflow instead would re-handshake forever
 * when Salesforce sends more events in one response than the capacity.) Thread-safe.
 */
public final class EventBuffer {

    private final int capacity;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition notEmpty = this.lock.newCondition();

    private final Deque<SalesforceEvent> events = new ArrayDeque<>();

    private final List<Runnable> spaceWaiters = new ArrayList<>();

    private boolean closed;

    /**
     * Creates the buffer.
     * @param capacity how many events may wait before connects are held back, 1 or more
     */
    public EventBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("maxPendingCount must be 1 or more, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Appends an event; ignored once the buffer is closed.
     * @param event the event
     */
    public void add(SalesforceEvent event) {
        this.lock.lock();
        try {
            if (this.closed) {
                return;
            }
            this.events.addLast(event);
            this.notEmpty.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Takes the oldest event, waiting up to the timeout.
     * @param timeout how long to wait
     * @param unit the unit of the timeout
     * @return the event, or {@code null} when none arrived in time or the buffer is
     * closed
     * @throws InterruptedException when interrupted while waiting
     */
    public @Nullable SalesforceEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
        List<Runnable> released;
        SalesforceEvent event;
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
            released = releaseWaitersIfNotFull();
        }
        finally {
            this.lock.unlock();
        }
        if (!released.isEmpty()) {
            released.forEach(Runnable::run);
        }
        return event;
    }

    /**
     * Runs the action at once if the buffer is not full, else as soon as an event taken
     * makes room (on the taking thread: the action must be quick).
     * @param action what to do when there is room
     */
    public void whenNotFull(Runnable action) {
        this.lock.lock();
        try {
            if (this.events.size() >= this.capacity && !this.closed) {
                this.spaceWaiters.add(action);
                return;
            }
        }
        finally {
            this.lock.unlock();
        }
        action.run();
    }

    /**
     * Keeps the action to run as soon as an event taken makes room (on the taking thread:
     * the action must be quick), if the buffer is full; otherwise does nothing. Unlike
     * {@link #whenNotFull(Runnable)}, never runs the action itself, so a caller with room
     * can go on without a thread hop.
     * @param action what to do when there is room again
     * @return whether the buffer was full and the action kept; {@code false} when there
     * is room now
     */
    public boolean holdWhileFull(Runnable action) {
        this.lock.lock();
        try {
            if (this.events.size() >= this.capacity && !this.closed) {
                this.spaceWaiters.add(action);
                return true;
            }
            return false;
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Removes the buffered events that match.
     * @param filter which events to drop
     * @return how many were dropped
     */
    public int discard(Predicate<SalesforceEvent> filter) {
        List<Runnable> released;
        int removed;
        this.lock.lock();
        try {
            int before = this.events.size();
            this.events.removeIf(filter);
            removed = before - this.events.size();
            released = releaseWaitersIfNotFull();
        }
        finally {
            this.lock.unlock();
        }
        if (!released.isEmpty()) {
            released.forEach(Runnable::run);
        }
        return removed;
    }

    /**
     * Whether any buffered event matches.
     * @param filter the condition
     * @return whether one matches
     */
    public boolean contains(Predicate<SalesforceEvent> filter) {
        this.lock.lock();
        try {
            return this.events.stream().anyMatch(filter);
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Returns how many events are buffered.
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

    /**
     * Returns the capacity.
     * @return the capacity
     */
    public int capacity() {
        return this.capacity;
    }

    /**
     * Drops every buffered event, wakes every waiting taker and forgets the waiting
     * actions. Idempotent.
     */
    public void close() {
        this.lock.lock();
        try {
            this.closed = true;
            this.events.clear();
            this.spaceWaiters.clear();
            this.notEmpty.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Opens a closed buffer again, empty, for a new session of a reopened client. Does
     * nothing when open.
     */
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

    private List<Runnable> releaseWaitersIfNotFull() {
        if (this.spaceWaiters.isEmpty() || this.events.size() >= this.capacity) {
            return List.of();
        }
        List<Runnable> released = new ArrayList<>(this.spaceWaiters);
        this.spaceWaiters.clear();
        return released;
    }

}
