package io.sfstream.spring.listener;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.sfstream.core.ClientInvalidOperationException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.TransportTimeoutException;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.client.StreamingEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery thread: opens the client (retrying with back-off while Salesforce cannot be reached or refuses the
 * credentials), then takes events one at a time, hands each to every running container listening on its channel, and
 * commits the event's position once all of them handled it. One thread keeps every channel in replay order.
 */
final class EventDispatcher implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(EventDispatcher.class);

    private static final Duration POLL = Duration.ofMillis(250);

    private static final long MAX_OPEN_BACK_OFF_MILLIS = 60_000;

    private final StreamingClient client;

    private final Function<String, List<SalesforceListenerContainer>> containersForChannel;

    private final Runnable onOpened;

    private final DispatchObserver observer;

    private volatile boolean running;

    private volatile boolean opened;

    private volatile @Nullable Thread thread;

    EventDispatcher(StreamingClient client, Function<String, List<SalesforceListenerContainer>> containersForChannel,
            Runnable onOpened, DispatchObserver observer) {
        this.client = client;
        this.containersForChannel = containersForChannel;
        this.onOpened = onOpened;
        this.observer = observer;
    }

    boolean isOpened() {
        return this.opened;
    }

    synchronized void start() {
        if (this.running) {
            return;
        }
        this.running = true;
        Thread dispatcherThread = new Thread(this, "salesforce-streaming-dispatcher");
        dispatcherThread.setDaemon(false);
        this.thread = dispatcherThread;
        dispatcherThread.start();
    }

    /**
     * Stops taking events, waits for the listener call in progress to finish (at most the timeout), then interrupts it.
     *
     * @param timeout how long to wait for the call in progress
     */
    void stop(Duration timeout) {
        this.running = false;
        Thread dispatcherThread = this.thread;
        if (dispatcherThread == null || dispatcherThread == Thread.currentThread()) {
            return;
        }
        if (!this.opened) {
            // Still trying to connect (maybe asleep in its back-off): no listener call can be in progress.
            dispatcherThread.interrupt();
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
        if (!openClient()) {
            return;
        }
        while (this.running) {
            StreamingEvent event;
            try {
                event = this.client.receive(POLL);
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
                dispatch(event);
            }
        }
    }

    private boolean openClient() {
        long backOff = 1_000;
        while (this.running) {
            try {
                this.client.open();
                this.opened = true;
                this.onOpened.run();
                return true;
            }
            catch (ClientInvalidOperationException ex) {
                // Already open (an application-defined client opened elsewhere).
                this.opened = true;
                this.onOpened.run();
                return true;
            }
            catch (StreamingException ex) {
                this.observer.openFailed(ex);
                logger.error("Could not connect to Salesforce: {}. Retrying in {} ms", ex.getMessage(), backOff);
                pause(backOff);
                backOff = Math.min(backOff * 2, MAX_OPEN_BACK_OFF_MILLIS);
            }
        }
        return false;
    }

    private void dispatch(StreamingEvent event) {
        this.observer.received(event);
        boolean handled = true;
        boolean delivered = false;
        for (SalesforceListenerContainer container : this.containersForChannel.apply(event.channel())) {
            if (container.isRunning()) {
                delivered = true;
                handled &= container.deliver(event);
            }
        }
        // An event no running listener took (its listener is being stopped) is not committed: it is delivered again
        // when a listener of its channel starts.
        if (delivered && handled && !Thread.currentThread().isInterrupted()) {
            this.client.commit(event);
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
