package io.sfstream.core.client.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayKey;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.support.ReplayCommitter;
import org.jspecify.annotations.Nullable;

/**
 * The channels the application subscribed, and where each resumes on its next subscribe:
 * after the last event received in this client (still buffered, being processed or
 * committed), else after its committed position, else at its initial start; or at the
 * replay fallback after Salesforce rejected an expired replay id. It also offers the
 * operations of a session that must be atomic with respect to each other: taking an event
 * in ({@link #enqueue}) and computing a subscribe's replay value
 * ({@link #resumeFrom(String, SessionStreams)}), with the session's
 * {@link SessionStreams}. Thread-safe: every method holds this registry's lock, which
 * nothing outside it takes.
 */
public final class SubscriptionRegistry {

    private final ReplayCommitter committer;

    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    private final Map<String, Long> lastEnqueued = new HashMap<>();

    /**
     * Creates the registry.
     * @param committer where committed positions are known
     */
    public SubscriptionRegistry(ReplayCommitter committer) {
        this.committer = committer;
    }

    /** One subscribed channel. */
    public static final class Subscription {

        private final String channel;

        private final String replayKey;

        private final ChannelKind kind;

        private final ReplayFrom initial;

        private final CompletableFuture<Void> firstOutcome = new CompletableFuture<>();

        private @Nullable Long fallback;

        private @Nullable ReplayGap gap;

        private volatile boolean active;

        private volatile long sentGeneration = -1;

        private volatile boolean confirmedOnce;

        Subscription(String channel, ReplayFrom initial) {
            this.channel = channel;
            this.replayKey = ReplayKey.of(channel);
            this.kind = ChannelKind.of(channel);
            this.initial = initial;
        }

        /**
         * Returns the channel as subscribed, possibly with a filter query.
         * @return the channel
         */
        public String channel() {
            return this.channel;
        }

        /**
         * Returns the replay key (the channel without filter query).
         * @return the key
         */
        public String replayKey() {
            return this.replayKey;
        }

        /**
         * Returns the channel kind.
         * @return the kind
         */
        public ChannelKind kind() {
            return this.kind;
        }

        /**
         * Completes when the first subscribe succeeds or fails for good.
         * @return the outcome
         */
        public CompletableFuture<Void> firstOutcome() {
            return this.firstOutcome;
        }

        /**
         * Whether the latest subscribe of this channel succeeded.
         * @return whether active
         */
        public boolean isActive() {
            return this.active;
        }

        /**
         * Returns the generation of the Bayeux session in which this subscription's
         * subscribe was last sent, or -1. Events that arrive for the channel before that
         * belong to an earlier subscription of the same channel (an unsubscribe the
         * server had not processed yet) and must not be taken for this one's.
         * @return the session generation, or -1
         */
        public long sentGeneration() {
            return this.sentGeneration;
        }

        /**
         * Records that the subscribe was sent in the given session.
         * @param generation the session generation
         */
        public void sentIn(long generation) {
            this.sentGeneration = generation;
        }

        /**
         * Records whether the latest subscribe succeeded.
         * @param active whether active
         */
        public void setActive(boolean active) {
            this.active = active;
            if (active) {
                this.confirmedOnce = true;
            }
        }

    }

    /**
     * Adds a channel, or returns it when already present.
     * @param channel the channel, possibly with a filter query
     * @param initial where to start when there is no position
     * @return the subscription
     * @throws IllegalArgumentException if the channel name is not valid, or the channel
     * is already subscribed with another filter query
     */
    public synchronized Subscription add(String channel, ReplayFrom initial) {
        Subscription existing = this.subscriptions.get(channel);
        if (existing != null) {
            return existing;
        }
        Subscription subscription = new Subscription(channel, initial);
        Subscription sameChannel = find(subscription.replayKey());
        if (sameChannel != null) {
            throw new IllegalArgumentException("'" + channel + "' cannot be subscribed while '" + sameChannel.channel()
                    + "' is: one subscription per channel, whatever its filter query");
        }
        this.subscriptions.put(channel, subscription);
        return subscription;
    }

    /**
     * Removes a channel; its position in this client is forgotten unless another
     * subscription shares its key.
     * @param channel the channel
     * @return the removed subscription, or {@code null}
     */
    public synchronized @Nullable Subscription remove(String channel) {
        Subscription removed = this.subscriptions.remove(channel);
        if (removed != null && find(removed.replayKey()) == null) {
            this.lastEnqueued.remove(removed.replayKey());
        }
        return removed;
    }

    /**
     * Returns a subscription by its channel as subscribed.
     * @param channel the channel
     * @return the subscription, or {@code null}
     */
    public synchronized @Nullable Subscription get(String channel) {
        return this.subscriptions.get(channel);
    }

    /**
     * Finds the subscription a message on the given channel belongs to.
     * @param messageChannel the channel of a received message
     * @return the subscription, or {@code null} when none matches
     */
    public synchronized @Nullable Subscription find(String messageChannel) {
        Subscription exact = this.subscriptions.get(messageChannel);
        if (exact != null) {
            return exact;
        }
        String key = ReplayKey.of(messageChannel);
        for (Subscription subscription : this.subscriptions.values()) {
            if (subscription.replayKey().equals(key)) {
                return subscription;
            }
        }
        return null;
    }

    /**
     * Returns every subscription, in subscribe order.
     * @return a snapshot
     */
    public synchronized List<Subscription> all() {
        return List.copyOf(this.subscriptions.values());
    }

    /**
     * Returns the channels, as subscribed.
     * @return a snapshot
     */
    public synchronized Set<String> channels() {
        return Set.copyOf(this.subscriptions.keySet());
    }

    /**
     * Returns the value to send in the replay map of the channel's next subscribe.
     * @param subscription the subscription
     * @return {@code -1}, {@code -2} or a replay id
     */
    public synchronized long resumeFrom(Subscription subscription) {
        if (subscription.fallback != null) {
            return subscription.fallback;
        }
        if (!subscription.confirmedOnce) {
            // A new subscription of a channel (maybe right after an unsubscribe that
            // dropped its buffered events):
            // events enqueued meanwhile may belong to the old subscription, so resume
            // from the committed position.
            return committedReplayId(subscription.replayKey()).orElse(subscription.initial.value());
        }
        Optional<Long> known = knownReplayId(subscription.replayKey());
        return known.orElse(subscription.initial.value());
    }

    /**
     * Returns the replay value for the subscribe of a channel being sent in a session,
     * and records it in the session's streams (the value sent, and the channel's fence
     * when it is being subscribed again). Called on the send path.
     * @param channel the channel as subscribed
     * @param streams the streams of the session the subscribe is sent in
     * @return {@code -1}, {@code -2} or a replay id
     */
    public synchronized long resumeFrom(String channel, SessionStreams streams) {
        Subscription subscription = this.subscriptions.get(channel);
        long value = (subscription != null) ? resumeFrom(subscription) : -1;
        streams.sent(channel, value);
        ResubscriptionFence fence = streams.existingFence(ReplayKey.of(channel));
        if (fence != null) {
            fence.sent(value);
        }
        return value;
    }

    /**
     * Returns the replay value sent with the last subscribe of a channel in a session.
     * @param channel the channel as subscribed
     * @param streams the session's streams
     * @return {@code -1}, {@code -2} or a replay id; {@code -1} when none was sent
     */
    public synchronized long sentReplay(String channel, SessionStreams streams) {
        return streams.sentReplay(channel);
    }

    /**
     * Marks a channel as being subscribed again in a session: its events are held back
     * until the subscribe is sent.
     * @param replayKey the channel without filter query
     * @param streams the session's streams
     */
    public synchronized void resubscribing(String replayKey, SessionStreams streams) {
        streams.fence(replayKey).subscribing();
    }

    /**
     * Returns the subscription a message of a session belongs to, if its subscribe was
     * sent in that session.
     * @param channel the message's channel
     * @param streams the session's streams
     * @return the subscription, or {@code null} when the message is not (or no longer, or
     * not yet) for this client: see {@link #ignored}
     */
    public synchronized @Nullable Subscription subscribedIn(String channel, SessionStreams streams) {
        Subscription subscription = streams.isLive() ? find(channel) : null;
        return (subscription != null && subscription.sentGeneration() == streams.generation()) ? subscription : null;
    }

    /**
     * Records the replay id of a message that no subscription took in the channel's
     * order, should the channel be subscribed again in the session. Such a message is not
     * subscribed, or still flowing from an earlier subscription of the channel whose
     * unsubscribe the server has not processed: taking it would move the resume position
     * past the events dropped with it.
     * @param channel the message's channel
     * @param replayId the message's replay id, when readable
     * @param streams the session's streams
     */
    public synchronized void ignored(String channel, @Nullable Long replayId, SessionStreams streams) {
        if (replayId != null && streams.isLive()) {
            streams.fence(ReplayKey.of(channel)).received(replayId);
        }
    }

    /**
     * Takes an event of a subscription in, atomically with respect to
     * {@link #resumeFrom(String, SessionStreams)}: when it is still subscribed in the
     * session and in order, the event is buffered and its replay id recorded.
     * @param subscription the subscription {@link #subscribedIn} returned
     * @param event the parsed event
     * @param streams the session's streams
     * @param buffer where taken events go
     * @return what happened
     */
    public synchronized Admission enqueue(Subscription subscription, SalesforceEvent event, SessionStreams streams,
            EventBuffer buffer) {
        if (!streams.isLive() || this.subscriptions.get(subscription.channel()) != subscription
                || subscription.sentGeneration() != streams.generation()) {
            return Admission.IGNORED;
        }
        ReplayId replayId = event.replayId();
        if (replayId != null) {
            ResubscriptionFence fence = streams.fence(subscription.replayKey());
            if (!fence.received(replayId.longValue())) {
                return fence.isStuck(System.nanoTime()) ? Admission.STUCK : Admission.IGNORED;
            }
        }
        buffer.add(event);
        if (replayId == null) {
            return Admission.TAKEN;
        }
        ReplayGap gap = enqueued(subscription.replayKey(), replayId.longValue());
        return (gap != null) ? new Admission(true, false, gap) : Admission.TAKEN;
    }

    /**
     * What {@link #enqueue} did with an event.
     *
     * @param taken whether the event was buffered
     * @param stuck whether the channel's fence has been dropping left-overs of an earlier
     * stream for too long (the session should be replaced)
     * @param gap the replay gap this event closes, or {@code null}
     */
    public record Admission(boolean taken, boolean stuck, @Nullable ReplayGap gap) {

        static final Admission TAKEN = new Admission(true, false, null);

        static final Admission IGNORED = new Admission(false, false, null);

        static final Admission STUCK = new Admission(false, true, null);

    }

    /**
     * Makes the channel's next subscribes use the fallback until an event of it arrives,
     * and remembers where the gap starts: the rejected replay id, with its event time
     * when it is the committed position.
     * @param subscription the subscription
     * @param value {@code -1} or {@code -2}
     * @param rejectedReplayId the replay id Salesforce rejected as expired
     */
    public synchronized void useFallback(Subscription subscription, long value, long rejectedReplayId) {
        subscription.fallback = value;
        if (subscription.gap == null) {
            Instant time = this.committer.latest(subscription.replayKey())
                .filter((position) -> position.replayId().equals(ReplayId.of(rejectedReplayId)))
                .map(ReplayPosition::eventTime)
                .orElse(null);
            subscription.gap = new ReplayGap(subscription.channel(), rejectedReplayId, time);
        }
    }

    /**
     * Records that an event of the channel was enqueued for delivery.
     * @param replayKey the channel without filter query
     * @param replayId the event's replay id
     * @return the gap this event closes, when it is the first event after a replay
     * fallback, else {@code null}
     */
    public synchronized @Nullable ReplayGap enqueued(String replayKey, long replayId) {
        this.lastEnqueued.merge(replayKey, replayId, Math::max);
        ReplayGap closed = null;
        for (Subscription subscription : this.subscriptions.values()) {
            if (subscription.replayKey().equals(replayKey)) {
                subscription.fallback = null;
                if (subscription.gap != null) {
                    closed = subscription.gap;
                    subscription.gap = null;
                }
            }
        }
        return closed;
    }

    /**
     * Where events were skipped after Salesforce rejected an expired replay id: from that
     * id (and its event time, when known) to the first event received after the fallback.
     *
     * @param channel the channel
     * @param fromReplayId the rejected replay id: the last event before the gap
     * @param fromTime the rejected event's time, or {@code null} when unknown
     */
    public record ReplayGap(String channel, long fromReplayId, @Nullable Instant fromTime) {
    }

    /**
     * The committed replay id of a channel, when it is a CometD one: a position saved by
     * the Pub/Sub transport (a channel moved between transports) means nothing here, and
     * the channel starts at its initial start instead.
     */
    private Optional<Long> committedReplayId(String replayKey) {
        return this.committer.latest(replayKey)
            .map(ReplayPosition::replayId)
            .filter(ReplayId::isNumeric)
            .map(ReplayId::longValue);
    }

    private Optional<Long> knownReplayId(String replayKey) {
        Long enqueued = this.lastEnqueued.get(replayKey);
        Optional<Long> committed = committedReplayId(replayKey);
        if (enqueued == null) {
            return committed;
        }
        return Optional.of(committed.map((replayId) -> Math.max(replayId, enqueued)).orElse(enqueued));
    }

}
