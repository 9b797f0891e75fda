package io.sfstream.core.client.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

import io.sfstream.core.replay.ReplayKey;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSession;

/**
 * The Salesforce replay extension (PROTOCOL section 3): asks for replay on the handshake
 * ({@code ext.replay=true}), notes whether the server echoed it, and puts on every
 * {@code /meta/subscribe} a replay map holding only the subscribed channel, keyed without
 * filter query. One instance per Bayeux session.
 *
 * <p>
 * It also carries PushTopic filter queries, which CometD 9 rejects in channel names
 * ({@code Invalid channel id}): the session subscribes the bare channel with the full
 * subscription in {@link #SUBSCRIPTION_FIELD}, and this extension puts it back in
 * {@code subscription} on the way out, and strips the query from replies on the way in.
 */
public final class ReplayExtension implements ClientSession.Extension {

    /**
     * The field of a subscribe or unsubscribe template holding the subscription with its
     * filter query.
     */
    public static final String SUBSCRIPTION_FIELD = "sfstream.subscription";

    private final ToLongFunction<String> resumeFrom;

    private volatile boolean replayEnabled;

    /**
     * Creates the extension.
     * @param resumeFrom given a subscription channel, the value to send: {@code -1},
     * {@code -2} or a replay id
     */
    public ReplayExtension(ToLongFunction<String> resumeFrom) {
        this.resumeFrom = resumeFrom;
    }

    @Override
    public boolean sendMeta(ClientSession session, Message.Mutable message) {
        String channel = message.getChannel();
        if (Channel.META_HANDSHAKE.equals(channel)) {
            message.getExt(true).put("replay", Boolean.TRUE);
        }
        if (Channel.META_SUBSCRIBE.equals(channel) || Channel.META_UNSUBSCRIBE.equals(channel)) {
            Object full = message.remove(SUBSCRIPTION_FIELD);
            if (full instanceof String subscription) {
                message.put(Message.SUBSCRIPTION_FIELD, subscription);
            }
        }
        if (Channel.META_SUBSCRIBE.equals(channel)
                && message.get(Message.SUBSCRIPTION_FIELD) instanceof String subscription) {
            Map<String, Object> replay = new HashMap<>();
            replay.put(ReplayKey.of(subscription), this.resumeFrom.applyAsLong(subscription));
            message.getExt(true).put("replay", replay);
        }
        return true;
    }

    @Override
    public boolean rcvMeta(ClientSession session, Message.Mutable message) {
        if ((Channel.META_SUBSCRIBE.equals(message.getChannel())
                || Channel.META_UNSUBSCRIBE.equals(message.getChannel()))
                && message.get(Message.SUBSCRIPTION_FIELD) instanceof String subscription) {
            message.put(Message.SUBSCRIPTION_FIELD, ReplayKey.of(subscription));
        }
        if (Channel.META_HANDSHAKE.equals(message.getChannel()) && message.isSuccessful()) {
            Map<String, Object> ext = message.getExt();
            this.replayEnabled = ext != null && Boolean.TRUE.equals(ext.get("replay"));
        }
        return true;
    }

    /**
     * Whether the server echoed {@code ext.replay=true} on the handshake.
     * @return whether replay is on for this session
     */
    public boolean isReplayEnabled() {
        return this.replayEnabled;
    }

}
