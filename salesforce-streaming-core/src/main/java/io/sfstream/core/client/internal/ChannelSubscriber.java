package io.sfstream.core.client.internal;

import java.time.Duration;
import java.util.List;

import io.sfstream.core.ReplayException;
import io.sfstream.core.ServerException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.client.internal.SubscriptionRegistry.Subscription;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.support.BackOff;
import io.sfstream.core.support.LifecycleNotifier;
import org.cometd.bayeux.ChannelId;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.common.HashMapMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes and unsubscribes channels in a Bayeux session, and decides what each reply
 * means (PROTOCOL sections 3 and 4): it sends requests and returns {@link Decision}s
 * (retry after a delay, restart the session, end it, fail the channel, done) for the
 * {@link SessionSupervisor} to carry out; it never calls the supervisor back. It also
 * keeps the order of a channel's unsubscribe and its next subscribe within a session.
 * Runs on the supervisor's control thread.
 */
final class ChannelSubscriber {

    private static final Logger logger = LoggerFactory.getLogger(ChannelSubscriber.class);

    private static final ClientSessionChannel.MessageListener NO_OP = (channel, message) -> {
    };

    /** What the supervisor does next about a subscription or a session. */
    sealed interface Decision {

        /** Nothing more to do. */
        Decision DONE = new Done();

        /** Nothing more to do. */
        record Done() implements Decision {
        }

        /**
         * Send the subscribe again after a delay, in the same session.
         *
         * @param subscription the subscription
         * @param delay the delay
         */
        record RetryAfter(Subscription subscription, Duration delay) implements Decision {
        }

        /**
         * Send these subscribes now (their channel's unsubscribe was answered).
         *
         * @param subscriptions the subscriptions
         */
        record SubscribeNow(List<Subscription> subscriptions) implements Decision {
        }

        /**
         * Send the unsubscribe of a subscription dropped while its subscribe was on its
         * way.
         *
         * @param subscription the subscription, no longer registered
         */
        record Unsubscribe(Subscription subscription) implements Decision {
        }

        /**
         * Replace the session by a new one, which subscribes every channel from its
         * position.
         *
         * @param reason why, for the log
         */
        record RestartSession(String reason) implements Decision {
        }

        /**
         * The reply ended the session (a refused token, an unknown client): recover as
         * for a failed connect.
         *
         * @param action what the reply asks for
         * @param error the reply as an exception
         */
        record EndSession(FailureAction action, ServerException error) implements Decision {
        }

        /**
         * The channel cannot be subscribed: drop it and report it; the other channels
         * keep running.
         *
         * @param subscription the subscription
         * @param error why
         */
        record FailChannel(Subscription subscription, StreamingException error) implements Decision {
        }

    }

    /**
     * Receives the reply of a subscribe or unsubscribe sent in a session, on a CometD
     * thread.
     */
    @FunctionalInterface
    interface ReplyHandler {

        /**
         * A reply arrived.
         * @param session the session the request was sent in
         * @param subscription the subscription
         * @param reply the reply
         */
        void replied(BayeuxSession session, Subscription subscription, Message reply);

    }

    private final SubscriptionRegistry registry;

    private final LifecycleNotifier lifecycle;

    private final ReplayFallback replayFallback;

    private final BackOff subscribeBackOff;

    private final BackOff limitBackOff;

    /**
     * Creates the subscriber.
     * @param registry the subscriptions
     * @param lifecycle the lifecycle listeners
     * @param replayFallback what to do about an expired replay id
     * @param subscribeBackOff delays between retries of a failed subscribe
     * @param limitBackOff delays after a limit was reached (shared with the supervisor)
     */
    ChannelSubscriber(SubscriptionRegistry registry, LifecycleNotifier lifecycle, ReplayFallback replayFallback,
            BackOff subscribeBackOff, BackOff limitBackOff) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.replayFallback = replayFallback;
        this.subscribeBackOff = subscribeBackOff;
        this.limitBackOff = limitBackOff;
    }

    /**
     * Sends the unsubscribe of a channel already removed from the registry, if its
     * subscribe was sent in the session; a subscribe of the same channel waits for the
     * reply.
     * @param session the session
     * @param subscription the subscription
     * @param replies where the reply goes
     */
    void unsubscribe(BayeuxSession session, Subscription subscription, ReplyHandler replies) {
        if (!session.sent.remove(subscription.channel(), subscription) || !session.handshaken) {
            return;
        }
        session.unsubscribedKeys.add(subscription.replayKey());
        session.unsubscribeSent(subscription.channel());
        session.client.getChannel(subscription.replayKey())
            .unsubscribe(template(subscription), NO_OP, (reply) -> replies.replied(session, subscription, reply));
    }

    /**
     * Decides what an unsubscribe's reply means.
     * @param session the session
     * @param subscription the subscription
     * @param reply the reply
     * @return the subscribes deferred behind the unsubscribe, or a new session when it
     * failed
     */
    Decision onUnsubscribeReply(BayeuxSession session, Subscription subscription, Message reply) {
        List<Subscription> deferred = session.unsubscribing.remove(subscription.channel());
        if (!reply.isSuccessful()) {
            // The old subscription may still be streaming, interleaved with a new one's
            // replay: resume every
            // channel from its position in a new session instead.
            return new Decision.RestartSession(
                    "unsubscribing " + subscription.channel() + " failed (" + reply.get(Message.ERROR_FIELD) + ")");
        }
        return (deferred != null && !deferred.isEmpty()) ? new Decision.SubscribeNow(List.copyOf(deferred))
                : Decision.DONE;
    }

    /**
     * Sends the subscribe of a registered channel in a session, unless it was sent
     * already or the channel is gone; after a pending unsubscribe of the channel when
     * there is one.
     * @param session the live session
     * @param subscription the subscription
     * @param replies where the reply goes
     * @return what to do next: usually {@link Decision#DONE}
     */
    Decision subscribe(BayeuxSession session, Subscription subscription, ReplyHandler replies) {
        if (this.registry.get(subscription.channel()) != subscription) {
            return Decision.DONE;
        }
        if (session.deferUntilUnsubscribed(subscription)) {
            // The server must see the pending unsubscribe first: requests may travel on
            // different connections.
            return Decision.DONE;
        }
        Subscription previous = session.sent.get(subscription.channel());
        if (previous == subscription) {
            return Decision.DONE;
        }
        if (previous != null) {
            // An earlier subscription of the channel whose unsubscribe has not run yet
            // (unsubscribe and subscribe
            // called from different threads): unsubscribe it first.
            unsubscribe(session, previous, replies);
            if (session.deferUntilUnsubscribed(subscription)) {
                return Decision.DONE;
            }
        }
        String key = subscription.replayKey();
        if (session.unsubscribedKeys.contains(key)) {
            String streamed = session.streamedChannels.get(key);
            if (streamed != null && !streamed.equals(subscription.channel())) {
                // Another filter query streams other events: what is left of its stream
                // cannot be told apart.
                return new Decision.RestartSession("re-subscription of " + key + " with another filter query");
            }
            // Connect responses of this session may still carry events of the earlier
            // subscription ahead of the new
            // one's replay: the fence sorts them out.
            this.registry.resubscribing(key, session.streams);
        }
        session.sent.put(subscription.channel(), subscription);
        session.streamedChannels.put(key, subscription.channel());
        subscription.sentIn(session.generation);
        try {
            keepWildcardParents(session, key);
            session.client.getChannel(subscription.replayKey())
                .subscribe(template(subscription), NO_OP, (reply) -> replies.replied(session, subscription, reply));
        }
        catch (IllegalArgumentException ex) {
            return new Decision.FailChannel(subscription, new StreamingException(
                    "Subscribing to " + subscription.channel() + " failed: " + ex.getMessage(), ex));
        }
        return Decision.DONE;
    }

    /**
     * Creates the wildcard channels above a channel ({@code /data/*}, {@code /data/**})
     * in the session's client, where they stay. CometD notifies each message's channel
     * and its wildcard parents, and creates (then releases) a throwaway channel object
     * for each that does not exist: kept, they are created once per session rather than
     * twice for every event.
     */
    private static void keepWildcardParents(BayeuxSession session, String channel) {
        for (String wild : new ChannelId(channel).getWilds()) {
            session.client.getChannel(wild);
        }
    }

    private static Message.Mutable template(Subscription subscription) {
        Message.Mutable template = new HashMapMessage();
        template.put(ReplayExtension.SUBSCRIPTION_FIELD, subscription.channel());
        return template;
    }

    /**
     * Decides what a subscribe's reply means.
     * @param session the live session
     * @param subscription the subscription
     * @param reply the reply
     * @return what to do next
     */
    Decision onSubscribeReply(BayeuxSession session, Subscription subscription, Message reply) {
        if (this.registry.get(subscription.channel()) != subscription) {
            if (reply.isSuccessful() && session.sent.get(subscription.channel()) == subscription) {
                // Dropped meanwhile without an unsubscribe (not one sent by
                // unsubscribe(): that one, or a newer
                // subscription of the channel, must not be undone).
                return new Decision.Unsubscribe(subscription);
            }
            return Decision.DONE;
        }
        long from = this.registry.sentReplay(subscription.channel(), session.streams);
        if (reply.isSuccessful()) {
            this.subscribeBackOff.reset();
            subscription.setActive(true);
            logger.info("Subscribed to {} from {}", subscription.channel(), new ReplayFrom(from));
            this.lifecycle.subscribed(subscription.channel(), new ReplayFrom(from));
            subscription.firstOutcome().complete(null);
            return Decision.DONE;
        }
        session.sent.remove(subscription.channel(), subscription);
        if (session.unsubscribedKeys.contains(subscription.replayKey())) {
            // Hold the channel's events back until the retry is sent.
            this.registry.resubscribing(subscription.replayKey(), session.streams);
        }
        FailureAction action = ErrorClassifier.classify(reply);
        ServerException error = ErrorClassifier.toException(reply, "Subscribing to " + subscription.channel());
        return switch (action) {
            case REPLAY_ID_INVALID -> applyFallback(subscription, reply, from, error);
            case RETRY_SUBSCRIBE, TRANSPORT -> {
                Duration delay = this.subscribeBackOff.next();
                logger.info("{}: retrying in {} ms", error.getMessage(), delay.toMillis());
                yield new Decision.RetryAfter(subscription, delay);
            }
            case LIMIT_BACK_OFF -> {
                Duration delay = this.limitBackOff.next();
                logger.warn("{}: retrying in {} ms", error.getMessage(), delay.toMillis());
                this.lifecycle.limitExceeded(error, delay);
                yield new Decision.RetryAfter(subscription, delay);
            }
            case REAUTHENTICATE, REAUTHENTICATE_ONCE, REHANDSHAKE -> new Decision.EndSession(action, error);
            default -> new Decision.FailChannel(subscription, error);
        };
    }

    private Decision applyFallback(Subscription subscription, Message reply, long sent, ServerException error) {
        Long invalid = ErrorClassifier.invalidReplayId(reply);
        long invalidId = (invalid != null) ? invalid : sent;
        if (sent < 0 || this.replayFallback == ReplayFallback.FAIL) {
            String message = "Salesforce rejected replay id " + invalidId + " of " + subscription.channel()
                    + " as invalid (older than the retention window)"
                    + ((sent < 0) ? "" : " and the replay fallback is FAIL: events after it may be lost; choose "
                            + "another start or fallback to subscribe again");
            return new Decision.FailChannel(subscription, new ReplayException(message, error));
        }
        long value = (this.replayFallback == ReplayFallback.NEW_EVENTS) ? ReplayFrom.NEW_EVENTS.value()
                : ReplayFrom.ALL_EVENTS.value();
        logger.warn(
                "REPLAY GAP on {}: Salesforce rejected replay id {} as invalid (older than the retention "
                        + "window); resubscribing with {} ({}): events between may be lost",
                subscription.channel(), invalidId, value, this.replayFallback);
        this.registry.useFallback(subscription, value, invalidId);
        this.lifecycle.replayFallbackApplied(subscription.channel(), ReplayId.of(invalidId), this.replayFallback);
        return new Decision.RetryAfter(subscription, Duration.ZERO);
    }

}
