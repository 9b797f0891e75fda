package io.sfstream.core.client.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cometd.client.BayeuxClient;
import org.jspecify.annotations.Nullable;

/**
 * One Bayeux session of a {@link BayeuxSession}: its CometD client and what was sent in it. Confined to the control
 * thread except where marked.
 */
final class LiveSession {

    final long generation;

    final BayeuxClient client;

    final ReplayExtension replay;

    /** The subscription whose subscribe was sent in this session, per channel, until its unsubscribe. */
    final Map<String, SubscriptionRegistry.Subscription> sent = new HashMap<>();

    /** The channel (with its filter query) last subscribed in this session, per replay key. */
    final Map<String, String> streamedChannels = new HashMap<>();

    /** The replay value sent per channel; guarded by itself (written on the send path). */
    final Map<String, Long> sentReplay = new HashMap<>();

    /** Channels whose unsubscribe awaits its reply, with what to run after it. */
    final Map<String, List<Runnable>> unsubscribing = new HashMap<>();

    /** Replay keys unsubscribed in this session: its connect responses may still carry their events. */
    final Set<String> unsubscribedKeys = new HashSet<>();

    /** The order of events received per replay key in this session; guarded by the registry's lock. */
    private final Map<String, ResubscriptionFence> fences = new HashMap<>();

    boolean handshaken;

    /** Written on the control thread; read on CometD's threads too. */
    volatile boolean connected;

    /** Whether a {@code multiple-clients} advice was logged for this session. */
    volatile boolean multipleClientsReported;

    /** Whether the watchdog saw the CometD client stopped once already (control thread). */
    boolean stoppedSeen;

    LiveSession(long generation, BayeuxClient client, ReplayExtension replay) {
        this.generation = generation;
        this.client = client;
        this.replay = replay;
    }

    /**
     * Returns the fence of a replay key, created when first needed. Call with the registry's lock held.
     *
     * @param replayKey the channel without filter query
     * @return the fence
     */
    ResubscriptionFence fence(String replayKey) {
        return this.fences.computeIfAbsent(replayKey, (key) -> new ResubscriptionFence());
    }

    /**
     * Returns the fence of a replay key if it has one. Call with the registry's lock held.
     *
     * @param replayKey the channel without filter query
     * @return the fence, or {@code null}
     */
    @Nullable ResubscriptionFence existingFence(String replayKey) {
        return this.fences.get(replayKey);
    }
}
