package io.sfstream.core.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.sfstream.core.client.EventListener;
import io.sfstream.core.client.StreamingEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery thread: takes events from the client's buffer in order and hands each to
 * every listener, then reports it done (so its position can be committed). A listener
 * that throws is logged with the channel and replay id; the event still counts as
 * handled. Never runs on a transport thread.
 */
public final class ListenerDispatcher {

    private static final Logger logger = LoggerFactory.getLogger(ListenerDispatcher.class);

    private final Source source;

    private final String threadName;

    private final Consumer<StreamingEvent> done;

    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();

    private volatile boolean stopped;

    private @Nullable Thread thread;

    /**
     * Creates the dispatcher; the thread starts with the first listener.
     * @param threadName the delivery thread's name
     * @param source where events wait, in order
     * @param done called after every listener returned for an event
     */
    public ListenerDispatcher(String threadName, Source source, Consumer<StreamingEvent> done) {
        this.threadName = threadName;
        this.source = source;
        this.done = done;
    }

    /**
     * Adds a listener and starts the delivery thread if needed.
     * @param listener the listener
     */
    public synchronized void add(EventListener listener) {
        this.listeners.add(listener);
        startIfNeeded();
    }

    /**
     * Starts delivering again after {@link #stop(long)}, for a reopened client, if
     * listeners were added.
     */
    public synchronized void resume() {
        this.stopped = false;
        startIfNeeded();
    }

    private void startIfNeeded() {
        if (this.thread == null && !this.stopped && !this.listeners.isEmpty()) {
            Thread delivery = new Thread(this::run, this.threadName);
            delivery.setDaemon(true);
            this.thread = delivery;
            delivery.start();
        }
    }

    /**
     * Whether any listener was added.
     * @return whether listeners are in use
     */
    public boolean isActive() {
        return !this.listeners.isEmpty();
    }

    private void run() {
        try {
            deliver();
        }
        finally {
            synchronized (this) {
                if (this.thread == Thread.currentThread()) {
                    this.thread = null;
                }
            }
        }
    }

    private void deliver() {
        while (!this.stopped) {
            StreamingEvent event;
            try {
                event = this.source.poll(200, TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException ex) {
                if (this.stopped) {
                    return;
                }
                continue;
            }
            if (event == null) {
                continue;
            }
            for (EventListener listener : this.listeners) {
                try {
                    listener.onEvent(event);
                }
                catch (Exception ex) {
                    logger.error("Listener failed on the event {} of {}; the event counts as handled", event.replayId(),
                            event.channel(), ex);
                }
            }
            this.done.accept(event);
        }
    }

    /**
     * Stops the delivery thread after the event in progress, waiting for it at most the
     * given time.
     * @param timeoutMillis how long to wait
     */
    public void stop(long timeoutMillis) {
        Thread delivery;
        synchronized (this) {
            this.stopped = true;
            delivery = this.thread;
        }
        if (delivery == null || delivery == Thread.currentThread()) {
            return;
        }
        try {
            delivery.join(timeoutMillis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (delivery.isAlive()) {
            logger.warn("A listener is still running {} ms after close; its event is not committed", timeoutMillis);
        }
    }

    /**
     * Where the dispatcher takes events from: the client's buffer.
     */
    @FunctionalInterface
    public interface Source {

        /**
         * Takes the next event, waiting up to the given time.
         * @param timeout how long to wait
         * @param unit the unit of the timeout
         * @return the event, or {@code null} if none came in time
         * @throws InterruptedException if interrupted while waiting
         */
        @Nullable StreamingEvent poll(long timeout, TimeUnit unit) throws InterruptedException;

    }

}
