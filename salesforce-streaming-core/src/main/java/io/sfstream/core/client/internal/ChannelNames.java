package io.sfstream.core.client.internal;

/**
 * Channel name rules: the replay key of a subscription is its channel without a PushTopic filter query.
 */
public final class ChannelNames {

    private ChannelNames() {
    }

    /**
     * Returns the key under which a channel's replay position is sent and stored: the channel without its query
     * ({@code /topic/Foo?Type=Hot} becomes {@code /topic/Foo}).
     *
     * @param channel a subscription or message channel
     * @return the replay key
     */
    public static String replayKey(String channel) {
        int query = channel.indexOf('?');
        return (query < 0) ? channel : channel.substring(0, query);
    }
}
