package io.sfstream.spring;

import io.sfstream.core.client.StreamingEvent;

/**
 * Handles an event that a {@link SalesforceListener} method failed to process after every
 * retry. Define a bean of this type to send such events to a dead-letter store, alert, or
 * stop the listener. Without one, the failure is logged with the channel and replay id
 * and the stream goes on.
 *
 * <p>
 * When this method returns, the event counts as handled and its replay position can be
 * committed. To stop the listener instead, call {@link FailedEvent#stopListener()}: the
 * event is then not committed by this listener and will be delivered again after a
 * restart.
 */
@FunctionalInterface
public interface SalesforceListenerErrorHandler {

    /**
     * Handles a failed event.
     * @param failure the event, the listener and the last error
     */
    void handle(FailedEvent failure);

    /**
     * An event that a listener method failed to process.
     */
    interface FailedEvent {

        /**
         * Returns the event.
         * @return the event
         */
        StreamingEvent event();

        /**
         * Returns the id of the listener's container.
         * @return the listener id
         */
        String listenerId();

        /**
         * Returns the last error thrown by the listener method (unwrapped from
         * reflection).
         * @return the error
         */
        Throwable error();

        /**
         * Returns how many times the method was called for this event.
         * @return the attempts
         */
        int attempts();

        /**
         * Stops the listener: it receives no further events until started again, and this
         * event is not committed on its behalf.
         */
        void stopListener();

    }

}
