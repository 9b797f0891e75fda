package io.sfstream.spring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.spring.SalesforceListenerErrorHandler;
import io.sfstream.spring.SalesforceListenerErrorHandler.FailedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.retry.support.RetryTemplate;

/**
 * Runs one {@link io.sfstream.spring.SalesforceListener} method: receives the events of its channels from the
 * dispatcher, calls the method with retries, and hands a final failure to the error handler. Started and stopped
 * through the {@link SalesforceListenerEndpointRegistry}. Thread-safe.
 */
public final class SalesforceListenerContainer {

    private final SalesforceListenerEndpoint endpoint;

    private final RetryTemplate retryTemplate;

    private final SalesforceListenerErrorHandler errorHandler;

    private final DispatchObserver observer;

    private final Consumer<SalesforceListenerContainer> stopRequest;

    private final AtomicBoolean running = new AtomicBoolean();

    SalesforceListenerContainer(SalesforceListenerEndpoint endpoint, RetryTemplate retryTemplate,
            SalesforceListenerErrorHandler errorHandler, DispatchObserver observer,
            Consumer<SalesforceListenerContainer> stopRequest) {
        this.endpoint = endpoint;
        this.retryTemplate = retryTemplate;
        this.errorHandler = errorHandler;
        this.observer = observer;
        this.stopRequest = stopRequest;
    }

    /**
     * Returns the container id.
     *
     * @return the id
     */
    public String getId() {
        return this.endpoint.id();
    }

    /**
     * Returns the channels the listener listens on.
     *
     * @return the channels
     */
    public List<String> getChannels() {
        return this.endpoint.channels();
    }

    /**
     * Returns the endpoint this container runs.
     *
     * @return the endpoint
     */
    public SalesforceListenerEndpoint getEndpoint() {
        return this.endpoint;
    }

    /**
     * Whether the listener receives events.
     *
     * @return whether it is running
     */
    public boolean isRunning() {
        return this.running.get();
    }

    boolean markRunning(boolean value) {
        return this.running.getAndSet(value) != value;
    }

    /**
     * Delivers an event to the method, with retries and the error handler.
     *
     * @param event the event
     * @return whether the event counts as handled by this listener (processed, or its failure handled), so that its
     * position may be committed
     */
    boolean deliver(StreamingEvent event) {
        long start = System.nanoTime();
        int[] attempts = { 1 };
        try {
            try {
                this.endpoint.invoker().invoke(event);
            }
            catch (Exception | Error firstFailure) {
                retry(event, firstFailure, attempts);
            }
            this.observer.processed(event, getId(), Duration.ofNanos(System.nanoTime() - start));
            return true;
        }
        catch (Throwable ex) {
            this.observer.failed(event, getId(), Duration.ofNanos(System.nanoTime() - start), ex);
            if (ex instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                return false;
            }
            return handleFailure(event, ex, attempts[0]);
        }
    }

    /**
     * Hands a failed first call to the retry template, as if the template had made it: the template's first attempt
     * throws that failure again instead of calling the method, so its policy, back-off and attempt count apply
     * unchanged, while a call that succeeds at once (nearly every call) costs no retry context.
     */
    private void retry(StreamingEvent event, Throwable firstFailure, int[] attempts) throws Exception {
        boolean[] firstAttempt = { true };
        this.retryTemplate.execute((context) -> {
            attempts[0] = context.getRetryCount() + 1;
            if (firstAttempt[0]) {
                firstAttempt[0] = false;
                if (firstFailure instanceof Error error) {
                    throw error;
                }
                throw (Exception) firstFailure;
            }
            this.endpoint.invoker().invoke(event);
            return null;
        });
    }

    private boolean handleFailure(StreamingEvent event, Throwable error, int attempts) {
        Failure failure = new Failure(event, getId(), error, attempts);
        try {
            this.errorHandler.handle(failure);
        }
        catch (RuntimeException handlerError) {
            failure.stop = true;
            handlerError.addSuppressed(error);
            LoggingErrorHandler.LOGGER.error("The error handler of @SalesforceListener '{}' failed for the event "
                    + "with replay id {} on {}; stopping the listener", getId(), event.replayId(), event.channel(),
                    handlerError);
        }
        if (failure.stop) {
            this.stopRequest.accept(this);
            return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return "SalesforceListenerContainer[id=" + getId() + ", channels=" + getChannels() + ", running="
                + isRunning() + "]";
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
