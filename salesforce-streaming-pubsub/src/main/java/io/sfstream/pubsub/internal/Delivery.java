package io.sfstream.pubsub.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.sfstream.core.client.EventListener;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.pubsub.PubSubEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery thread ({@code sfstream-pubsub-delivery}): takes events from the queue in
 * order, hands each to every listener, then reports it done (its position is committed).
 * A listener that throws is logged with the channel and replay id; the event still counts
 * as handled. Never a gRPC thread.
 */
public final class Delivery {

    private static final Logger logger = LoggerFactory.getLogger(Delivery.class);

    private final EventQueue queue;

    private final Consumer<StreamingEvent> done;

    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();

    private volatile boolean stopped;

    private @Nullable Thread thread;

    /**
     * Creates the delivery; its thread starts with the first listener.
     * @param queue where events wait
     * @param done called after every listener returned for an event
     */
    public Delivery(EventQueue queue, Consumer<StreamingEvent> done) {
        this.queue = queue;
        this.done = done;
    }

    /**
     * Adds a listener and starts the thread if needed.
     * @param listener the listener
     */
    public synchronized void add(EventListener listener) {
        this.listeners.add(listener);
        startIfNeeded();
    }

    /** Delivers again after {@link #stop(long)}, for a reopened client. */
    public synchronized void resume() {
        this.stopped = false;
        startIfNeeded();
    }

    /**
     * Whether listeners consume the events.
     * @return whether any listener was added
     */
    public boolean isActive() {
        return !this.listeners.isEmpty();
    }

    private void startIfNeeded() {
        if (this.thread == null && !this.stopped && !this.listeners.isEmpty()) {
            Thread delivery = new Thread(this::run, "sfstream-pubsub-delivery");
            delivery.setDaemon(true);
            this.thread = delivery;
            delivery.start();
        }
    }

    private void run() {
        try {
            while (!this.stopped) {
                PubSubEvent event;
                try {
                    event = this.queue.poll(200, TimeUnit.MILLISECONDS);
                }
                catch (InterruptedException ex) {
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
                        logger.error("Listener failed on the event {} of {}; the event counts as handled",
                                event.replayId(), event.channel(), ex);
                    }
                }
                this.done.accept(event);
            }
        }
        finally {
            synchronized (this) {
                if (this.thread == Thread.currentThread()) {
                    this.thread = null;
                }
            }
        }
    }

    /**
     * Stops the thread after the event in progress, waiting at most the given time.
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

}
