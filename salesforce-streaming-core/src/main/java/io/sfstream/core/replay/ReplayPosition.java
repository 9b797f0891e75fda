package io.sfstream.core.replay;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The position of the last event of a channel that the consumer finished with: its replay
 * id, and its event time when known. Positions are ordered by replay id only; the time is
 * informative (lag, gap reports).
 *
 * @param replayId the replay id of the event: a number (CometD) or opaque bytes (Pub/Sub)
 * @param eventTime the event's time, or {@code null} when the event carried none
 */
public record ReplayPosition(ReplayId replayId, @Nullable Instant eventTime) {

    /**
     * Checks the replay id.
     * @param replayId the replay id
     * @param eventTime the event time, or {@code null}
     */
    public ReplayPosition {
        Objects.requireNonNull(replayId, "replayId");
    }

    /**
     * Creates the position of a CometD event.
     * @param replayId the event's replay id, zero or more
     * @param eventTime the event's time, or {@code null}
     */
    public ReplayPosition(long replayId, @Nullable Instant eventTime) {
        this(ReplayId.of(replayId), eventTime);
    }

    /**
     * Whether this position is after another on the same channel (see
     * {@link ReplayId#isAfter(ReplayId)}: a position of the other transport counts as
     * after).
     * @param other another position
     * @return whether this replay id is later
     */
    public boolean isAfter(ReplayPosition other) {
        return this.replayId.isAfter(other.replayId);
    }
}
