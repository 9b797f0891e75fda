package io.sfstream.core.client;

/**
 * When an event's replay position is committed to the replay store. Either way it is
 * committed only after the consumer is done with the event, so delivery is at-least-once.
 */
public enum CommitMode {

    /**
     * The position of an event taken with {@code receive()} or the iterator is committed
     * when the next event is taken (the last event taken before {@code close()} is not
     * committed unless the consumer commits it); for listeners, when every listener has
     * returned.
     */
    AUTOMATIC,

    /**
     * The consumer commits each event itself with
     * {@link StreamingClient#commit(StreamingEvent)}.
     */
    MANUAL

}
