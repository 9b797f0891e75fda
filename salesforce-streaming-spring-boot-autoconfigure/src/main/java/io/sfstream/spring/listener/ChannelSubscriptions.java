package io.sfstream.spring.listener;

import io.sfstream.core.replay.ReplayFrom;
import org.jspecify.annotations.Nullable;

/**
 * The subscriptions of an open client, as the {@link ChannelRouter} changes them.
 */
interface ChannelSubscriptions {

    /**
     * Whether the channel is subscribed.
     * @param channel the channel
     * @return whether the client holds a subscription to it
     */
    boolean isSubscribed(String channel);

    /**
     * Subscribes a channel from its committed position, else from the given start.
     * @param channel the channel
     * @param replay where the channel starts without a committed position, or
     * {@code null} for the client's default
     * @throws RuntimeException when the subscription fails (see
     * {@link io.sfstream.core.client.StreamingClient})
     */
    void subscribe(String channel, @Nullable ReplayFrom replay);

    /**
     * Unsubscribes a channel.
     * @param channel the channel
     * @throws io.sfstream.core.StreamingException when the client cannot unsubscribe it
     */
    void unsubscribe(String channel);

}
