package io.sfstream.spring.listener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.spring.SalesforceListenerErrorHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * A listener bean for the unit tests of the listener side: records every event it is
 * called with, then does what the test set. Its {@link #container} builds a real
 * container over it. Thread-safe.
 */
public final class TestListener {

    /** What the listener does with an event. */
    @FunctionalInterface
    interface Behaviour {

        void on(StreamingEvent event) throws Exception;

    }

    final List<StreamingEvent> calls = new CopyOnWriteArrayList<>();

    volatile Behaviour behaviour = (event) -> {
    };

    public void onEvent(StreamingEvent event) throws Exception {
        this.calls.add(event);
        this.behaviour.on(event);
    }

    /**
     * Returns an endpoint over this listener that starts automatically.
     * @param id the container id
     * @param channels the channels
     * @return the endpoint
     */
    SalesforceListenerEndpoint endpoint(String id, String... channels) {
        try {
            return new SalesforceListenerEndpoint(id, List.of(channels), null, true, new ListenerMethodInvoker(this,
                    TestListener.class.getMethod("onEvent", StreamingEvent.class), JsonMapper.builder().build()));
        }
        catch (NoSuchMethodException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Returns a container over this listener, not running, without retries; failures go
     * to the error handler.
     * @param id the container id
     * @param errorHandler handles failures
     * @param stopRequest asked to stop the container
     * @param channels the channels
     * @return the container
     */
    SalesforceListenerContainer container(String id, SalesforceListenerErrorHandler errorHandler,
            Consumer<String> stopRequest, String... channels) {
        return new SalesforceListenerContainer(endpoint(id, channels), TestRetries.attempts(1), errorHandler,
                new DispatchObserver() {
                }, stopRequest);
    }

    /**
     * Returns a container over this listener, not running, without retries, whose
     * failures are ignored.
     * @param id the container id
     * @param channels the channels
     * @return the container
     */
    SalesforceListenerContainer container(String id, String... channels) {
        return container(endpoint(id, channels));
    }

    /**
     * Returns a container of an endpoint, not running, without retries, whose failures
     * are ignored.
     * @param endpoint the endpoint
     * @return the container
     */
    static SalesforceListenerContainer container(SalesforceListenerEndpoint endpoint) {
        return new SalesforceListenerContainer(endpoint, TestRetries.attempts(1), (failure) -> {
        }, new DispatchObserver() {
        }, (id) -> {
        });
    }

}
