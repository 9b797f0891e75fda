package io.sfstream.spring.listener;

import java.time.Duration;

import io.sfstream.core.StreamingException;
import io.sfstream.core.client.StreamingEvent;

/**
 * Observes events flowing through the dispatcher, for metrics. Methods must return
 * quickly and not throw.
 */
public interface DispatchObserver {

    /**
     * An event was taken from the client.
     * @param event the event
     */
    default void received(StreamingEvent event) {
    }

    /**
     * Opening the client failed; the registry tries again after its connect back-off
     * ({@code salesforce.streaming.back-off.*}).
     * @param error the failure
     */
    default void openFailed(StreamingException error) {
    }

    /**
     * A listener method processed an event.
     * @param event the event
     * @param listenerId the container id
     * @param duration how long the call (with retries) took
     */
    default void processed(StreamingEvent event, String listenerId, Duration duration) {
    }

    /**
     * A listener method failed for an event after every retry.
     * @param event the event
     * @param listenerId the container id
     * @param duration how long the calls took
     * @param error the last error
     */
    default void failed(StreamingEvent event, String listenerId, Duration duration, Throwable error) {
    }

}
