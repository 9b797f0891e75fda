package io.sfstream.spring.listener;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.sfstream.core.ClientInvalidOperationException;
import io.sfstream.core.StreamingException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.backoff.BackOffExecution;

/**
 * Opens the shared client, and closes it: the one place that knows which client the
 * listeners run over. Opening retries, while Salesforce cannot be reached or refuses the
 * credentials, after the delays of the configured back-off
 * ({@code salesforce.streaming.back-off.*}), reporting each failure to the
 * {@link DispatchObserver}. After {@link #close()}, the next {@link #start()} takes the
 * next client of the supplier (which may be the same client: a closed client can be
 * opened again).
 *
 * <p>
 * Threading: {@link #open()} blocks the dispatcher thread; {@link #start()},
 * {@link #stop()} and {@link #close()} are called by the registry's lifecycle, one at a
 * time; {@link #stop()} wakes an open in progress at once, and ends a connection attempt
 * that waits for Salesforce by closing the client. {@link #client()} may be called from
 * any thread.
 *
 * @param <C> the client type: a {@link EventClientAdapter}, or a fake in tests
 */
final class ClientConnector<C extends ListenerClient> {

    private static final Logger logger = LoggerFactory.getLogger(ClientConnector.class);

    private final Supplier<C> clients;

    private final DispatchObserver observer;

    private final Object monitor = new Object();

    private volatile JitteredExponentialBackOff backOff;

    private volatile C client;

    private boolean closed;

    private boolean stopped;

    private boolean opening;

    /**
     * Creates the connector and takes the first client of the supplier.
     * @param clients supplies the client of the first start, then a client for every
     * start after a close
     * @param backOff the delays between two attempts to open the client
     * @param observer told of every failed attempt
     */
    ClientConnector(Supplier<C> clients, JitteredExponentialBackOff backOff, DispatchObserver observer) {
        this.clients = clients;
        this.backOff = backOff;
        this.observer = observer;
        this.client = clients.get();
    }

    /**
     * Sets the delays between two attempts to open the client, for the next
     * {@link #open()}.
     * @param backOff the back-off
     */
    void setBackOff(JitteredExponentialBackOff backOff) {
        this.backOff = backOff;
    }

    /**
     * Returns the client of the current (or last) start.
     * @return the client
     */
    C client() {
        return this.client;
    }

    /**
     * Makes the connector ready to open: after a {@link #close()}, it takes the next
     * client of the supplier.
     */
    void start() {
        synchronized (this.monitor) {
            if (this.closed) {
                this.client = this.clients.get();
                this.closed = false;
            }
            this.stopped = false;
        }
    }

    /**
     * Opens the client on the calling thread, trying again after each failure, until it
     * is open or the connector is stopped. A client that is already open (an
     * application-defined client opened elsewhere) counts as opened.
     * @return the open client, or {@code null} if the connector was stopped (or the
     * thread interrupted) first
     */
    @Nullable C open() {
        BackOffExecution delays = this.backOff.start();
        while (true) {
            C candidate;
            synchronized (this.monitor) {
                if (this.stopped) {
                    return null;
                }
                this.opening = true;
                candidate = this.client;
            }
            StreamingException failure = tryToOpen(candidate);
            synchronized (this.monitor) {
                this.opening = false;
                if (this.stopped) {
                    return null;
                }
            }
            if (failure == null) {
                return candidate;
            }
            long delay = delays.nextBackOff();
            this.observer.openFailed(failure);
            logger.error("Could not connect to Salesforce: {}. Retrying in {} ms", failure.getMessage(), delay);
            if (!waitUnlessStopped(delay)) {
                return null;
            }
        }
    }

    /**
     * Stops opening: a back-off wait ends at once, and an attempt in progress ends as the
     * client is closed. An open client stays open until {@link #close()}.
     */
    void stop() {
        C attempting;
        synchronized (this.monitor) {
            this.stopped = true;
            this.monitor.notifyAll();
            attempting = this.opening ? this.client : null;
        }
        if (attempting != null) {
            attempting.close();
        }
    }

    /**
     * Stops opening and closes the client, which flushes its committed positions and
     * disconnects. The next {@link #start()} takes the next client of the supplier.
     */
    void close() {
        C closing;
        synchronized (this.monitor) {
            this.stopped = true;
            this.closed = true;
            this.monitor.notifyAll();
            closing = this.client;
        }
        closing.close();
    }

    private static @Nullable StreamingException tryToOpen(ListenerClient client) {
        try {
            client.open();
            return null;
        }
        catch (ClientInvalidOperationException ex) {
            // Already open: an application-defined client opened elsewhere.
            return null;
        }
        catch (StreamingException ex) {
            return ex;
        }
    }

    private boolean waitUnlessStopped(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (this.monitor) {
            while (!this.stopped) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this.monitor, left);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

}
