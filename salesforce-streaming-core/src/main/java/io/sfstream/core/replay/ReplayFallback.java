package io.sfstream.core.replay;

/**
 * What the client does when Salesforce rejects a stored replay id as invalid (older than
 * the retention window). It applies to every subscribe, including the automatic
 * re-subscribes after a re-handshake, and the gap is logged.
 */
public enum ReplayFallback {

    /**
     * Resubscribe with {@code -1}: only events published from now on; everything retained
     * is skipped.
     */
    NEW_EVENTS,

    /**
     * Resubscribe with {@code -2}: every event still retained; only events older than the
     * window are lost.
     */
    ALL_EVENTS,

    /**
     * Do not resubscribe: the subscribe fails with a {@code ReplayException} and the
     * channel is reported failed.
     */
    FAIL

}
