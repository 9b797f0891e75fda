package io.sfstream.spring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.spring.SalesforceListenerErrorHandler;
import io.sfstream.spring.SalesforceListenerErrorHandler.FailedEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.retry.RetryContext;
import org.springframework.retry.RetryPolicy;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffInterruptedException;

/**
 * Runs one {@link io.sfstream.spring.SalesforceListener} method: receives the events of
 * its channels from the dispatcher, calls the method, retries a failed call as its
 * {@link ListenerRetry} says, and hands a final failure to the error handler. Started and
 * stopped through the {@link SalesforceListenerEndpointRegistry}.
 *
 * <p>
 * Threading: {@link #deliver} runs on the dispatcher thread only; the running flag may be
 * read and changed from any thread. When the error handler asks to stop the listener, the
 * container asks its registry through the stop request it was given, on the dispatcher
 * thread.
 */
public final class SalesforceListenerContainer {

    private static final Logger logger = LoggerFactory.getLogger(SalesforceListenerContainer.class);

    private final SalesforceListenerEndpoint endpoint;

    private final ListenerRetry retry;

    private final SalesforceListenerErrorHandler errorHandler;

    private final DispatchObserver observer;

    private final Consumer<String> stopRequest;

    private final AtomicBoolean running = new AtomicBoolean();

    private volatile boolean paused;

    private final ObservationRegistry observations;

    /** Limits the calls at once when the endpoint says so. */
    private final @Nullable Semaphore calls;

    /**
     * Creates the container of an endpoint.
     * @param endpoint the endpoint
     * @param retry retries failed calls
     * @param errorHandler handles a failure after the last attempt
     * @param observer observes every outcome, for metrics
     * @param stopRequest asked, with this container's id, to stop the container when its
     * error handler says so
     */
    SalesforceListenerContainer(SalesforceListenerEndpoint endpoint, ListenerRetry retry,
            SalesforceListenerErrorHandler errorHandler, DispatchObserver observer, Consumer<String> stopRequest) {
        this(endpoint, retry, errorHandler, observer, stopRequest, ObservationRegistry.NOOP);
    }

    SalesforceListenerContainer(SalesforceListenerEndpoint endpoint, ListenerRetry retry,
            SalesforceListenerErrorHandler errorHandler, DispatchObserver observer, Consumer<String> stopRequest,
            ObservationRegistry observations) {
        this.observations = observations;
        this.endpoint = endpoint;
        this.retry = retry;
        this.errorHandler = errorHandler;
        this.observer = observer;
        this.stopRequest = stopRequest;
        this.calls = (endpoint.concurrency() > 0) ? new Semaphore(endpoint.concurrency()) : null;
    }

    /**
     * Returns the container id.
     * @return the id
     */
    public String getId() {
        return this.endpoint.id();
    }

    /**
     * Returns the channels the listener listens on.
     * @return the channels
     */
    public List<String> getChannels() {
        return this.endpoint.channels();
    }

    /**
     * Returns the endpoint this container runs.
     * @return the endpoint
     */
    public SalesforceListenerEndpoint getEndpoint() {
        return this.endpoint;
    }

    /**
     * Whether the listener receives events.
     * @return whether it is running
     */
    public boolean isRunning() {
        return this.running.get();
    }

    /**
     * Sets the running flag.
     * @param value whether the listener receives events
     * @return whether the flag changed
     */
    /**
     * Whether the listener is paused: the events of its channels wait (buffered up to the
     * limit, after which the long poll waits) until it is resumed.
     * @return whether paused
     */
    public boolean isPaused() {
        return this.paused;
    }

    /**
     * Pauses or resumes the listener.
     * @param paused whether paused
     * @return whether this changed it
     */
    boolean markPaused(boolean paused) {
        boolean changed = this.paused != paused;
        this.paused = paused;
        return changed;
    }

    boolean markRunning(boolean value) {
        return this.running.getAndSet(value) != value;
    }

    /**
     * Delivers an event to the method, with retries and the error handler. The first call
     * is a plain call: retrying starts only once it failed.
     * @param event the event
     * @return whether the event counts as handled by this listener (processed, or its
     * failure handled), so that its position may be committed
     */
    boolean deliver(StreamingEvent event) {
        Semaphore limit = this.calls;
        if (limit == null) {
            return observed(event);
        }
        try {
            limit.acquire();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return observed(event);
        }
        finally {
            limit.release();
        }
    }

    private boolean observed(StreamingEvent event) {
        ObservationRegistry registry = this.observations;
        if (registry.isNoop()) {
            return call(event, null);
        }
        Observation observation = ListenerObservation.start(registry, event, getId());
        try (Observation.Scope scope = observation.openScope()) {
            return call(event, observation);
        }
        finally {
            observation.stop();
        }
    }

    private boolean call(StreamingEvent event, @Nullable Observation observation) {
        long start = System.nanoTime();
        try {
            this.endpoint.invoker().invoke(event);
        }
        catch (Exception | Error failure) {
            return retry(event, failure, start, observation);
        }
        this.observer.processed(event, getId(), since(start));
        if (observation != null) {
            ListenerObservation.succeeded(observation);
        }
        return true;
    }

    /**
     * Calls the method again while the retry policy allows, waiting the back-off before
     * each call, then hands the last failure to the error handler. An interrupt (the
     * registry stopping) ends the retries: the event is then not handled, so not
     * committed.
     */
    private boolean retry(StreamingEvent event, Throwable firstFailure, long start, @Nullable Observation observation) {
        RetryPolicy policy = this.retry.policy();
        RetryContext context = policy.open(null);
        Throwable failure = firstFailure;
        int attempts = 1;
        try {
            BackOffContext backOff = this.retry.backOff().start(context);
            policy.registerThrowable(context, failure);
            while (!interrupted(failure) && policy.canRetry(context)) {
                this.retry.backOff().backOff(backOff);
                attempts++;
                try {
                    this.endpoint.invoker().invoke(event);
                    this.observer.processed(event, getId(), since(start));
                    if (observation != null) {
                        ListenerObservation.succeeded(observation);
                    }
                    return true;
                }
                catch (Exception | Error ex) {
                    failure = ex;
                    policy.registerThrowable(context, ex);
                }
            }
        }
        catch (BackOffInterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            policy.close(context);
        }
        this.observer.failed(event, getId(), since(start), failure);
        if (observation != null) {
            ListenerObservation.failed(observation, failure);
        }
        if (interrupted(failure)) {
            return false;
        }
        return handleFailure(event, failure, attempts);
    }

    private static boolean interrupted(Throwable failure) {
        return failure instanceof InterruptedException || Thread.currentThread().isInterrupted();
    }

    private boolean handleFailure(StreamingEvent event, Throwable error, int attempts) {
        Failure failure = new Failure(event, getId(), error, attempts);
        try {
            this.errorHandler.handle(failure);
        }
        catch (RuntimeException handlerError) {
            failure.stop = true;
            handlerError.addSuppressed(error);
            logger.error("The error handler of @SalesforceListener '{}' failed for the event with replay id {} on {}; "
                    + "stopping the listener", getId(), event.replayId(), event.channel(), handlerError);
        }
        if (failure.stop) {
            logger.warn("Stopping @SalesforceListener '{}' as its error handler asked", getId());
            this.stopRequest.accept(getId());
            return false;
        }
        return true;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public String toString() {
        return "SalesforceListenerContainer[id=" + getId() + ", channels=" + getChannels() + ", running=" + isRunning()
                + "]";
    }

    private static final class Failure implements FailedEvent {

        private final StreamingEvent event;

        private final String listenerId;

        private final Throwable error;

        private final int attempts;

        private volatile boolean stop;

        Failure(StreamingEvent event, String listenerId, Throwable error, int attempts) {
            this.event = event;
            this.listenerId = listenerId;
            this.error = error;
            this.attempts = attempts;
        }

        @Override
        public StreamingEvent event() {
            return this.event;
        }

        @Override
        public String listenerId() {
            return this.listenerId;
        }

        @Override
        public Throwable error() {
            return this.error;
        }

        @Override
        public int attempts() {
            return this.attempts;
        }

        @Override
        public void stopListener() {
            this.stop = true;
        }

        @Override
        public @Nullable String toString() {
            return "FailedEvent[listener=" + this.listenerId + ", channel=" + this.event.channel() + ", replayId="
                    + this.event.replayId() + ", attempts=" + this.attempts + "]";
        }

    }

}
