package io.sfstream.core.client.internal;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The streams of one Bayeux session, per channel: the replay value sent with the
 * channel's last subscribe, and the {@link ResubscriptionFence} that keeps its events in
 * order across re-subscriptions in the session. Read and written only by the
 * {@link SubscriptionRegistry}'s atomic operations, under its lock; the session's
 * liveness is a volatile flag its supervisor sets.
 */
public final class SessionStreams {

    private final long generation;

    private final Map<String, Long> sentReplay = new HashMap<>();

    private final Map<String, ResubscriptionFence> fences = new HashMap<>();

    private volatile boolean live = true;

    /**
     * Creates the streams of a session.
     * @param generation the session's generation
     */
    public SessionStreams(long generation) {
        this.generation = generation;
    }

    /**
     * Returns the generation of the session these streams belong to.
     * @return the generation
     */
    public long generation() {
        return this.generation;
    }

    /**
     * Whether the session is still the live one: events of an abandoned session are not
     * taken.
     * @return whether live
     */
    public boolean isLive() {
        return this.live;
    }

    /** Marks the session abandoned. */
    void end() {
        this.live = false;
    }

    ResubscriptionFence fence(String replayKey) {
        return this.fences.computeIfAbsent(replayKey, (key) -> new ResubscriptionFence());
    }

    @Nullable ResubscriptionFence existingFence(String replayKey) {
        return this.fences.get(replayKey);
    }

    void sent(String channel, long value) {
        this.sentReplay.put(channel, value);
    }

    long sentReplay(String channel) {
        return this.sentReplay.getOrDefault(channel, -1L);
    }

}
