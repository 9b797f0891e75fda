package io.sfstream.spring.listener;

/**
 * The key of a channel in replay maps and stores: its name without a PushTopic filter query
 * ({@code /topic/Foo?Type=Hot} is keyed {@code /topic/Foo}).
 */
final class ChannelKey {

    private ChannelKey() {
    }

    static String of(String channel) {
        int query = channel.indexOf('?');
        return (query >= 0) ? channel.substring(0, query) : channel;
    }
}
