package io.sfstream.core.replay;

/**
 * Where a subscription starts when its channel has no committed position:
 * {@link #NEW_EVENTS} ({@code -1}), {@link #ALL_EVENTS} ({@code -2}, every event still
 * retained), or after a given replay id.
 *
 * @param value the value sent in the subscribe's replay map: {@code -1}, {@code -2} or a
 * replay id
 */
public record ReplayFrom(long value) {

    /**
     * Only events published after the subscription ({@code -1}), Salesforce's default.
     */
    public static final ReplayFrom NEW_EVENTS = new ReplayFrom(-1);

    /**
     * Every event still within the retention window ({@code -2}): 24 h or 72 h depending
     * on the channel kind.
     */
    public static final ReplayFrom ALL_EVENTS = new ReplayFrom(-2);

    /**
     * Validates the value.
     * @param value {@code -1}, {@code -2} or a replay id of zero or more
     * @throws IllegalArgumentException for any other negative value
     */
    public ReplayFrom {
        if (value < -2) {
            throw new IllegalArgumentException("replay value " + value
                    + " is invalid: use -1 (new events), -2 (all retained events) or a replay id of zero or more");
        }
    }

    /**
     * Resumes after the given replay id.
     * @param replayId a replay id received earlier on the channel
     * @return the replay start
     */
    public static ReplayFrom after(long replayId) {
        if (replayId < 0) {
            throw new IllegalArgumentException("replay id " + replayId + " is invalid: replay ids are zero or more");
        }
        return new ReplayFrom(replayId);
    }

    /**
     * Parses {@code new}, {@code all}, {@code -1}, {@code -2} or a replay id.
     * @param text the text
     * @return the replay start
     * @throws IllegalArgumentException naming the accepted values when the text is none
     * of them
     */
    public static ReplayFrom parse(String text) {
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("new")) {
            return NEW_EVENTS;
        }
        if (trimmed.equalsIgnoreCase("all")) {
            return ALL_EVENTS;
        }
        try {
            return new ReplayFrom(Long.parseLong(trimmed));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a replay start: use 'new', 'all', -1, -2 or a replay id", ex);
        }
    }

    /**
     * Whether this starts after a stored replay id rather than at {@code -1} or
     * {@code -2}.
     * @return whether this is a replay id
     */
    public boolean isReplayId() {
        return this.value >= 0;
    }

    @Override
    public String toString() {
        if (this.value == -1) {
            return "NEW_EVENTS(-1)";
        }
        if (this.value == -2) {
            return "ALL_EVENTS(-2)";
        }
        return "after(" + this.value + ")";
    }
}
