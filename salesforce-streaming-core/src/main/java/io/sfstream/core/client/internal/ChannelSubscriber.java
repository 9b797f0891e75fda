package io.sfstream.core.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sfstream.core.replay.ReplayKey;
import io.sfstream.core.ReplayException;
import io.sfstream.core.ServerException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.client.internal.SubscriptionRegistry.Subscription;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayId;

import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSession;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.common.HashMapMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes and unsubscribes channels in a Bayeux session: the replay value of each subscribe, the reply's outcome
 * (retry, back off, replay fallback, re-handshake, or the channel dropped for good), and the ordering of a
 * channel's unsubscribe and its next subscribe. Runs on the session driver's control thread, except
 * {@link #resumeFrom(String)}.
 */
final class ChannelSubscriber {

    private static final Logger logger = LoggerFactory.getLogger(BayeuxSession.class);

    private static final ClientSessionChannel.MessageListener NO_OP = (channel, message) -> {
    };

    /** What the subscriber needs of the session driver. */
    interface Control {

        /**
         * Whether the session is the live one and the driver is not closed.
         *
         * @param session the session
         * @return whether live
         */
        boolean isLive(LiveSession session);

        /**
         * Runs a task on the control thread.
         *
         * @param task the task
         */
        void execute(Runnable task);

        /**
         * Runs a task on the control thread after a delay.
         *
         * @param task the task
         * @param delay the delay
         */
        void schedule(Runnable task, Duration delay);

        /**
         * Abandons the session and starts a new one, which subscribes every channel from its position.
         *
         * @param session the session
         * @param reason why, for the log
         */
        void restartSession(LiveSession session, String reason);

        /**
         * Ends the session after a reply that needs a new token or a new handshake.
         *
         * @param session the session
         * @param reply the reply
         */
        void sessionFailed(LiveSession session, Message reply);
    }

    private final SubscriptionRegistry registry;

    private final LifecycleNotifier lifecycle;

    private final ReplayFallback replayFallback;

    private final BackOff subscribeBackOff;

    private final BackOff limitBackOff;

    private final Control control;

    /**
     * Creates the subscriber.
     *
     * @param registry the subscriptions
     * @param lifecycle the lifecycle listeners
     * @param replayFallback what to do about an expired replay id
     * @param subscribeBackOff delays between retries of a failed subscribe
     * @param limitBackOff delays after a limit was reached (shared with the session driver)
     * @param control the session driver
     */
    ChannelSubscriber(SubscriptionRegistry registry, LifecycleNotifier lifecycle, ReplayFallback replayFallback,
            BackOff subscribeBackOff, BackOff limitBackOff, Control control) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.replayFallback = replayFallback;
        this.subscribeBackOff = subscribeBackOff;
        this.limitBackOff = limitBackOff;
        this.control = control;
    }

    /**
     * Sends the unsubscribe of a channel already removed from the registry, if its subscribe was sent in the
     * session; a subscribe of the same channel waits for the reply.
     *
     * @param session the session
     * @param subscription the subscription
     */
    void unsubscribe(LiveSession session, Subscription subscription) {
        if (!session.sent.remove(subscription.channel(), subscription) || !session.handshaken) {
            return;
        }
        session.unsubscribedKeys.add(subscription.replayKey());
        session.unsubscribing.put(subscription.channel(), new ArrayList<>());
        session.client.getChannel(subscription.replayKey()).unsubscribe(template(subscription), NO_OP,
                (reply) -> this.control.execute(() -> onUnsubscribeReply(session, subscription, reply)));
    }

    private void onUnsubscribeReply(LiveSession session, Subscription subscription, Message reply) {
        List<Runnable> deferred = session.unsubscribing.remove(subscription.channel());
        if (!reply.isSuccessful()) {
            // The old subscription may still be streaming, interleaved with a new one's replay: resume every
            // channel from its position in a new session instead.
            this.control.restartSession(session, "unsubscribing " + subscription.channel() + " failed ("
                    + reply.get(Message.ERROR_FIELD) + ")");
            return;
        }
        if (deferred != null) {
            deferred.forEach(Runnable::run);
        }
    }

    /**
     * Sends the subscribe of a registered channel in a session, unless it was sent already or the channel is gone;
     * after a pending unsubscribe of the channel when there is one.
     *
     * @param session the session
     * @param subscription the subscription
     */
    void subscribe(LiveSession session, Subscription subscription) {
        if (!this.control.isLive(session) || this.registry.get(subscription.channel()) != subscription) {
            return;
        }
        List<Runnable> afterUnsubscribe = session.unsubscribing.get(subscription.channel());
        if (afterUnsubscribe != null) {
            // The server must see the pending unsubscribe first: requests may travel on different connections.
            afterUnsubscribe.add(() -> subscribe(session, subscription));
            return;
        }
        Subscription previous = session.sent.get(subscription.channel());
        if (previous == subscription) {
            return;
        }
        if (previous != null) {
            // An earlier subscription of the channel whose unsubscribe has not run yet (unsubscribe and subscribe
            // called from different threads): unsubscribe it first.
            unsubscribe(session, previous);
            List<Runnable> afterPrevious = session.unsubscribing.get(subscription.channel());
            if (afterPrevious != null) {
                afterPrevious.add(() -> subscribe(session, subscription));
                return;
            }
        }
        String key = subscription.replayKey();
        if (session.unsubscribedKeys.contains(key)) {
            String streamed = session.streamedChannels.get(key);
            if (streamed != null && !streamed.equals(subscription.channel())) {
                // Another filter query streams other events: what is left of its stream cannot be told apart.
                this.control.restartSession(session, "re-subscription of " + key + " with another filter query");
                return;
            }
            // Connect responses of this session may still carry events of the earlier subscription ahead of the new
            // one's replay: the fence sorts them out.
            synchronized (this.registry) {
                session.fence(key).subscribing();
            }
        }
        session.sent.put(subscription.channel(), subscription);
        session.streamedChannels.put(key, subscription.channel());
        subscription.sentIn(session.generation);
        try {
            session.client.getChannel(subscription.replayKey()).subscribe(template(subscription), NO_OP,
                    (reply) -> this.control.execute(() -> onSubscribeReply(session, subscription, reply)));
        }
        catch (IllegalArgumentException ex) {
            failChannel(subscription, new StreamingException("Subscribing to " + subscription.channel()
                    + " failed: " + ex.getMessage(), ex));
        }
    }

    private static Message.Mutable template(Subscription subscription) {
        Message.Mutable template = new HashMapMessage();
        template.put(ReplayExtension.SUBSCRIPTION_FIELD, subscription.channel());
        return template;
    }

    /**
     * Returns the replay value for the subscribe of a channel being sent, and records it for the reply. Called on
     * the send path by the {@link ReplayExtension}.
     *
     * @param session the session the subscribe is sent in
     * @param channel the channel as subscribed
     * @return {@code -1}, {@code -2} or a replay id
     */
    long resumeFrom(@Nullable LiveSession session, String channel) {
        synchronized (this.registry) {
            Subscription subscription = this.registry.get(channel);
            long value = (subscription != null) ? this.registry.resumeFrom(subscription) : -1;
            if (session != null) {
                synchronized (session.sentReplay) {
                    session.sentReplay.put(channel, value);
                }
                ResubscriptionFence fence = session.existingFence(ReplayKey.of(channel));
                if (fence != null) {
                    fence.sent(value);
                }
            }
            return value;
        }
    }

    private long sentReplay(LiveSession session, String channel) {
        synchronized (session.sentReplay) {
            return session.sentReplay.getOrDefault(channel, -1L);
        }
    }

    private void onSubscribeReply(LiveSession session, Subscription subscription, Message reply) {
        if (!this.control.isLive(session)) {
            return;
        }
        if (this.registry.get(subscription.channel()) != subscription) {
            if (reply.isSuccessful() && session.sent.get(subscription.channel()) == subscription) {
                // Dropped meanwhile without an unsubscribe (not one sent by unsubscribe(): that one, or a newer
                // subscription of the channel, must not be undone).
                unsubscribe(session, subscription);
            }
            return;
        }
        long from = sentReplay(session, subscription.channel());
        if (reply.isSuccessful()) {
            this.subscribeBackOff.reset();
            subscription.setActive(true);
            logger.info("Subscribed to {} from {}", subscription.channel(), new ReplayFrom(from));
            this.lifecycle.subscribed(subscription.channel(), new ReplayFrom(from));
            subscription.firstOutcome().complete(null);
            return;
        }
        session.sent.remove(subscription.channel(), subscription);
        if (session.unsubscribedKeys.contains(subscription.replayKey())) {
            synchronized (this.registry) {
                // Hold the channel's events back until the retry is sent.
                session.fence(subscription.replayKey()).subscribing();
            }
        }
        FailureAction action = ErrorClassifier.classify(reply);
        ServerException error = ErrorClassifier.toException(reply, "Subscribing to " + subscription.channel());
        switch (action) {
            case REPLAY_ID_INVALID -> applyFallback(session, subscription, reply, from, error);
            case RETRY_SUBSCRIBE -> {
                Duration delay = this.subscribeBackOff.next();
                logger.info("{}: retrying in {} ms", error.getMessage(), delay.toMillis());
                this.control.schedule(() -> subscribe(session, subscription), delay);
            }
            case LIMIT_BACK_OFF -> {
                Duration delay = this.limitBackOff.next();
                logger.warn("{}: retrying in {} ms", error.getMessage(), delay.toMillis());
                this.lifecycle.limitExceeded(error, delay);
                this.control.schedule(() -> subscribe(session, subscription), delay);
            }
            case REAUTHENTICATE, REAUTHENTICATE_ONCE, REHANDSHAKE -> this.control.sessionFailed(session, reply);
            case TRANSPORT -> {
                Duration delay = this.subscribeBackOff.next();
                logger.info("{}: retrying in {} ms", error.getMessage(), delay.toMillis());
                this.control.schedule(() -> subscribe(session, subscription), delay);
            }
            default -> failChannel(subscription, error);
        }
    }

    private void applyFallback(LiveSession session, Subscription subscription, Message reply, long sent,
            ServerException error) {
        Long invalid = ErrorClassifier.invalidReplayId(reply);
        long invalidId = (invalid != null) ? invalid : sent;
        if (sent < 0 || this.replayFallback == ReplayFallback.FAIL) {
            String message = "Salesforce rejected replay id " + invalidId + " of " + subscription.channel()
                    + " as invalid (older than the retention window)"
                    + ((sent < 0) ? "" : " and the replay fallback is FAIL: events after it may be lost; choose "
                            + "another start or fallback to subscribe again");
            failChannel(subscription, new ReplayException(message, error));
            return;
        }
        long value = (this.replayFallback == ReplayFallback.NEW_EVENTS) ? ReplayFrom.NEW_EVENTS.value()
                : ReplayFrom.ALL_EVENTS.value();
        logger.warn("REPLAY GAP on {}: Salesforce rejected replay id {} as invalid (older than the retention "
                + "window); resubscribing with {} ({}): events between may be lost", subscription.channel(),
                invalidId, value, this.replayFallback);
        this.registry.useFallback(subscription, value, invalidId);
        this.lifecycle.replayFallbackApplied(subscription.channel(), ReplayId.of(invalidId), this.replayFallback);
        subscribe(session, subscription);
    }

    private void failChannel(Subscription subscription, StreamingException error) {
        if (this.registry.remove(subscription.channel()) == null) {
            return;
        }
        logger.warn("{}; the channel is dropped, other channels keep running", error.getMessage());
        this.lifecycle.subscribeFailed(subscription.channel(), error);
        subscription.firstOutcome().completeExceptionally(error);
    }
}
