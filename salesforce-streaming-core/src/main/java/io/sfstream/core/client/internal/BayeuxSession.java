package io.sfstream.core.client.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sfstream.core.client.internal.SubscriptionRegistry.Subscription;
import org.cometd.client.BayeuxClient;

/**
 * One Bayeux session: its CometD client, its streams, and what was sent in it. A
 * {@link SessionSupervisor} starts it, reacts to what happens in it and abandons it for a
 * new one; nothing in it outlives it. Confined to the supervisor's control thread, except
 * where marked.
 */
final class BayeuxSession {

    final long generation;

    final BayeuxClient client;

    final ReplayExtension replay;

    /** Read on CometD's threads through the registry's atomic operations. */
    final SessionStreams streams;

    /**
     * The subscription whose subscribe was sent in this session, per channel, until its
     * unsubscribe.
     */
    final Map<String, Subscription> sent = new HashMap<>();

    /**
     * The channel (with its filter query) last subscribed in this session, per replay
     * key.
     */
    final Map<String, String> streamedChannels = new HashMap<>();

    /**
     * Channels whose unsubscribe awaits its reply, with the subscriptions to send after
     * it.
     */
    final Map<String, List<Subscription>> unsubscribing = new HashMap<>();

    /**
     * Replay keys unsubscribed in this session: its connect responses may still carry
     * their events.
     */
    final Set<String> unsubscribedKeys = new HashSet<>();

    boolean handshaken;

    /** Written on the control thread; read on CometD's threads too. */
    volatile boolean connected;

    /**
     * Whether a {@code multiple-clients} advice was logged for this session; CometD's
     * threads.
     */
    volatile boolean multipleClientsReported;

    /** Whether the watchdog saw the CometD client stopped once already. */
    boolean stoppedSeen;

    BayeuxSession(BayeuxClient client, ReplayExtension replay, SessionStreams streams) {
        this.generation = streams.generation();
        this.client = client;
        this.replay = replay;
        this.streams = streams;
    }

    /**
     * Whether this session is still the live one (any thread).
     * @return whether live
     */
    boolean isLive() {
        return this.streams.isLive();
    }

    /**
     * Marks the session abandoned: its events are no longer taken and its replies no
     * longer acted on.
     */
    void end() {
        this.streams.end();
    }

    /**
     * Defers a subscribe until the pending unsubscribe of its channel is answered.
     * @param subscription the subscription to send then
     * @return whether an unsubscribe of the channel is pending (and the subscribe
     * deferred)
     */
    boolean deferUntilUnsubscribed(Subscription subscription) {
        List<Subscription> deferred = this.unsubscribing.get(subscription.channel());
        if (deferred == null) {
            return false;
        }
        deferred.add(subscription);
        return true;
    }

    void unsubscribeSent(String channel) {
        this.unsubscribing.put(channel, new ArrayList<>());
    }

}
