package io.sfstream.core.replay;

/**
 * The key of a channel's replay position, in the subscribe's replay map and in every
 * {@link ReplayStore}: the channel without its PushTopic filter query
 * ({@code /topic/Foo?Type=Hot} is keyed {@code /topic/Foo}), as Salesforce requires
 * (PROTOCOL section 3). Two subscriptions of one channel with different filter queries
 * share one position.
 */
public final class ReplayKey {

    private ReplayKey() {
    }

    /**
     * Returns the replay key of a channel.
     * @param channel a channel as subscribed (possibly with a filter query) or as carried
     * by a message
     * @return the channel without its filter query
     */
    public static String of(String channel) {
        int query = channel.indexOf('?');
        return (query < 0) ? channel : channel.substring(0, query);
    }

}
