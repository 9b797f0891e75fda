package io.sfstream.core.client;

/**
 * Receives events from a {@link StreamingClient}. Listeners are called on the client's
 * single delivery thread, one event at a time, in replay order per channel, never on the
 * thread that sends {@code /meta/connect}. When every listener has returned for an event,
 * its position is committed (in {@link CommitMode#AUTOMATIC}).
 */
@FunctionalInterface
public interface EventListener {

    /**
     * Handles one event. An exception is logged with the channel and replay id and the
     * event counts as handled (its position is committed): handle failures inside the
     * listener (retry, dead letter) when that is not wanted.
     * @param event the event
     * @throws Exception any failure of the listener
     */
    void onEvent(StreamingEvent event) throws Exception;

}
