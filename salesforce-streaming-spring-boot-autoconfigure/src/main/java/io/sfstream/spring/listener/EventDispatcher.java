package io.sfstream.spring.listener;

import java.time.Duration;

import io.sfstream.core.ClientInvalidOperationException;
import io.sfstream.core.TransportTimeoutException;
import io.sfstream.core.client.StreamingEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery thread: has the {@link ClientConnector} open the client, attaches it to
 * the {@link ChannelRouter} (which subscribes the running containers), then takes events
 * one at a time, hands each to every running container of its channel, and commits the
 * event's position once all of them handled it. One thread keeps every channel in replay
 * order. An event that no running container took (its listener is being stopped) is not
 * committed: it is delivered again when a listener of its channel starts.
 *
 * <p>
 * Threading: one dispatcher serves one start of the registry, on a thread of its own,
 * which delivers every event and, through the containers and the router, may subscribe
 * and unsubscribe channels. {@link #start()} and {@link #stop(Duration)} are called by
 * the registry's lifecycle.
 */
final class EventDispatcher implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(EventDispatcher.class);

    private static final Duration POLL = Duration.ofMillis(250);

    private final ClientConnector<?> connector;

    private final ChannelRouter router;

    private final DispatchObserver observer;

    private final Parallelism parallelism;

    private final String threadName;

    private final Object pauses = new Object();

    private volatile boolean running;

    private volatile @Nullable Thread thread;

    private volatile @Nullable ChannelLanes lanes;

    EventDispatcher(ClientConnector<?> connector, ChannelRouter router, DispatchObserver observer) {
        this(connector, router, observer, Parallelism.SERIAL);
    }

    EventDispatcher(ClientConnector<?> connector, ChannelRouter router, DispatchObserver observer,
            Parallelism parallelism) {
        this(connector, router, observer, parallelism, "salesforce-streaming-dispatcher");
    }

    EventDispatcher(ClientConnector<?> connector, ChannelRouter router, DispatchObserver observer,
            Parallelism parallelism, String threadName) {
        this.connector = connector;
        this.router = router;
        this.observer = observer;
        this.parallelism = parallelism;
        this.threadName = threadName;
    }

    /**
     * Starts the delivery thread, unless it was started already.
     */
    synchronized void start() {
        if (this.running) {
            return;
        }
        this.running = true;
        Thread dispatcherThread = new Thread(this, this.threadName);
        dispatcherThread.setDaemon(false);
        this.thread = dispatcherThread;
        dispatcherThread.start();
    }

    /**
     * Stops taking events, without waiting: {@link #stop(Duration)} waits. Lets the
     * registry stop the dispatchers of every transport at once before it waits for any.
     */
    void halt() {
        this.running = false;
        resume();
    }

    /**
     * Stops taking events and waits for the listener call in progress to finish (at most
     * the timeout), then interrupts it. The connector must be stopped first, so that a
     * thread still opening the client ends at once.
     * @param timeout how long to wait for the call in progress
     */
    void stop(Duration timeout) {
        this.running = false;
        resume();
        ChannelLanes parallel = this.lanes;
        if (parallel != null && !parallel.stop(timeout)) {
            logger.warn("Listener calls did not finish within {}; interrupted them. The events in progress are not "
                    + "committed and will be delivered again after restart", timeout);
        }
        Thread dispatcherThread = this.thread;
        if (dispatcherThread == null || dispatcherThread == Thread.currentThread()) {
            return;
        }
        try {
            dispatcherThread.join(Math.max(1, timeout.toMillis()));
            if (dispatcherThread.isAlive()) {
                logger.warn("Listener calls did not finish within {}; interrupting them. The event in progress is not "
                        + "committed and will be delivered again after restart", timeout);
                dispatcherThread.interrupt();
                dispatcherThread.join(5_000);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        this.thread = null;
    }

    @Override
    public void run() {
        ListenerClient client = this.connector.open();
        if (client == null) {
            return;
        }
        this.router.attach(client);
        if (this.parallelism.concurrency() > 1) {
            this.lanes = new ChannelLanes(this.parallelism.concurrency(), this.parallelism.maxInFlight(),
                    this.parallelism.threads(), (event) -> deliverAndCommit(client, event), this.router::isPaused);
            if (!this.running) {
                this.lanes.stop(Duration.ZERO);
                return;
            }
        }
        while (this.running) {
            StreamingEvent event;
            try {
                event = client.receive(POLL);
            }
            catch (TransportTimeoutException ex) {
                logger.debug("Connection to Salesforce lost; the client keeps reconnecting", ex);
                continue;
            }
            catch (ClientInvalidOperationException ex) {
                logger.debug("Streaming client closed; dispatcher stops");
                return;
            }
            catch (RuntimeException ex) {
                logger.error("Unexpected failure while receiving Salesforce events; continuing", ex);
                pause(1_000);
                continue;
            }
            if (event != null) {
                dispatch(client, event);
            }
        }
    }

    private void dispatch(ListenerClient client, StreamingEvent event) {
        this.observer.received(event);
        ChannelLanes parallel = this.lanes;
        if (parallel != null) {
            try {
                parallel.submit(event);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                this.running = false;
            }
            return;
        }
        awaitResumed(event.channel());
        if (this.running) {
            deliverAndCommit(client, event);
        }
    }

    /**
     * Starts the events of channels no longer paused: lanes when channels are dispatched
     * in parallel, else the one dispatcher thread waiting for its channel.
     */
    void resume() {
        ChannelLanes parallel = this.lanes;
        if (parallel != null) {
            parallel.resume();
        }
        synchronized (this.pauses) {
            this.pauses.notifyAll();
        }
    }

    private void awaitResumed(String channel) {
        if (!this.router.isPaused(channel)) {
            return;
        }
        logger.debug("{} is paused: its events wait, and the long poll waits once the buffer is full", channel);
        synchronized (this.pauses) {
            try {
                while (this.running && this.router.isPaused(channel)) {
                    this.pauses.wait();
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                this.running = false;
            }
        }
    }

    private void deliverAndCommit(ListenerClient client, StreamingEvent event) {
        boolean handled = true;
        boolean delivered = false;
        for (SalesforceListenerContainer container : this.router.containersFor(event.channel())) {
            if (container.isRunning()) {
                delivered = true;
                handled &= container.deliver(event);
            }
        }
        if (delivered && handled && !Thread.currentThread().isInterrupted()) {
            client.commit(event);
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.running = false;
        }
    }

}
