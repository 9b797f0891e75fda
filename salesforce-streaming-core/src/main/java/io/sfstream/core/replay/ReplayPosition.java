package io.sfstream.core.replay;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The position of the last event of a channel that the consumer finished with: its replay id, and its event time
 * when known. Positions are ordered by replay id only; the time is informative (lag, gap reports).
 *
 * @param replayId the replay id of the event
 * @param eventTime the event's time, or {@code null} when the event carried none
 */
public record ReplayPosition(long replayId, @Nullable Instant eventTime) {

    /**
     * Whether this position is after another on the same channel.
     *
     * @param other another position
     * @return whether this replay id is greater
     */
    public boolean isAfter(ReplayPosition other) {
        return this.replayId > other.replayId;
    }
}
