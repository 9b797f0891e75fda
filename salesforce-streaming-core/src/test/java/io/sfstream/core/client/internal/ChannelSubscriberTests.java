package io.sfstream.core.client.internal;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sfstream.core.ReplayException;
import io.sfstream.core.ServerException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.client.internal.ChannelSubscriber.Decision;
import io.sfstream.core.client.internal.SubscriptionRegistry.Subscription;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.support.BackOff;
import io.sfstream.core.support.LifecycleNotifier;
import io.sfstream.core.support.ReplayCommitter;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.common.AbstractClientSession;
import org.cometd.common.HashMapMessage;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decisions of the channel subscriber, reply by reply, in a session whose CometD
 * client is never handshaken (its requests stay queued: nothing goes over the network).
 */
class ChannelSubscriberTests {

    private static final String ORDERS = "/event/Order__e";

    private final InMemoryReplayStore store = new InMemoryReplayStore();

    private final ReplayCommitter committer = new ReplayCommitter(this.store, 100, Duration.ofHours(1));

    private final SubscriptionRegistry registry = new SubscriptionRegistry(this.committer);

    private final List<String> lifecycle = new ArrayList<>();

    private final HttpClient httpClient = new HttpClient();

    private final BayeuxSession session = session();

    private final ChannelSubscriber.ReplyHandler replies = (session, subscription, reply) -> {
    };

    @AfterEach
    void close() {
        this.session.client.abort();
        this.committer.close();
    }

    private BayeuxSession session() {
        SessionStreams streams = new SessionStreams(1);
        BearerTransport transport = new BearerTransport(new HashMap<>(), null, this.httpClient, () -> "token",
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        BayeuxClient client = new SupervisedBayeuxClient("http://127.0.0.1:1/cometd/64.0", null, transport);
        BayeuxSession created = new BayeuxSession(client, new ReplayExtension((channel) -> -1), streams);
        created.handshaken = true;
        return created;
    }

    private ChannelSubscriber subscriber(ReplayFallback fallback) {
        LifecycleNotifier notifier = new LifecycleNotifier(List.of(new ClientLifecycleListener() {
            @Override
            public void subscribed(String channel, ReplayFrom from) {
                ChannelSubscriberTests.this.lifecycle.add("subscribed " + channel + " " + from);
            }

            @Override
            public void replayFallbackApplied(String channel, ReplayId invalidReplayId, ReplayFallback applied) {
                ChannelSubscriberTests.this.lifecycle.add("fallback " + channel + " " + invalidReplayId);
            }

            @Override
            public void limitExceeded(ServerException error, Duration retryIn) {
                ChannelSubscriberTests.this.lifecycle.add("limit " + retryIn.toMillis());
            }
        }));
        return new ChannelSubscriber(this.registry, notifier, fallback,
                new BackOff(Duration.ofMillis(100), Duration.ofSeconds(1), (bound) -> bound),
                new BackOff(Duration.ofSeconds(3), Duration.ofSeconds(60), (bound) -> bound));
    }

    /**
     * Subscribes a registered channel: the subscribe is sent (queued) and its replay
     * value recorded.
     */
    private Subscription sent(ChannelSubscriber subscriber, String channel) {
        Subscription subscription = this.registry.add(channel, ReplayFrom.NEW_EVENTS);
        assertThat(subscriber.subscribe(this.session, subscription, this.replies)).isEqualTo(Decision.DONE);
        this.registry.resumeFrom(channel, this.session.streams);
        return subscription;
    }

    private static Message reply(boolean successful, String channel, String error, String failureReason) {
        HashMapMessage reply = new HashMapMessage();
        reply.setChannel("/meta/subscribe");
        reply.setSuccessful(successful);
        reply.put(Message.SUBSCRIPTION_FIELD, channel);
        if (error != null) {
            reply.put(Message.ERROR_FIELD, error);
        }
        if (failureReason != null) {
            reply.put(Message.EXT_FIELD, Map.of("sfdc", Map.of("failureReason", failureReason)));
        }
        return reply;
    }

    @Test
    void aSuccessfulReplyMarksTheChannelActiveAndCompletesItsFirstOutcome() {
        ChannelSubscriber subscriber = subscriber(ReplayFallback.ALL_EVENTS);
        Subscription subscription = sent(subscriber, ORDERS);
        Decision decision = subscriber.onSubscribeReply(this.session, subscription, reply(true, ORDERS, null, null));
        assertThat(decision).isEqualTo(Decision.DONE);
        assertThat(subscription.isActive()).isTrue();
        assertThat(subscription.firstOutcome()).isCompleted();
        assertThat(this.lifecycle).containsExactly("subscribed " + ORDERS + " NEW_EVENTS(-1)");
    }

    @Test
    void theWildcardParentsOfASubscribedChannelAreKeptSoEventsDoNotCreateThem() throws Exception {
        sent(subscriber(ReplayFallback.ALL_EVENTS), ORDERS);
        assertThat(channels(this.session.client)).containsKeys(ORDERS, "/event/*", "/event/**");
    }

    /** CometD's own channels of a client (protected: read by reflection). */
    @SuppressWarnings("unchecked")
    private static Map<String, ?> channels(BayeuxClient client) throws ReflectiveOperationException {
        Method channels = AbstractClientSession.class.getDeclaredMethod("getChannels");
        channels.setAccessible(true);
        return (Map<String, ?>) channels.invoke(client);
    }

    @Test
    void aBusyServerIsRetriedInTheSameSessionAfterTheBackOff() {
        ChannelSubscriber subscriber = subscriber(ReplayFallback.ALL_EVENTS);
        Subscription subscription = sent(subscriber, ORDERS);
        Message busy = reply(false, ORDERS, "403:denied_by_security_policy:subscribe_denied",
                "503::Server is too busy. Please try your request again later.");
        assertThat(subscriber.onSubscribeReply(this.session, subscription, busy))
            .isEqualTo(new Decision.RetryAfter(subscription, Duration.ofMillis(100)));
        assertThat(subscriber.onSubscribeReply(this.session, subscription, busy))
            .isEqualTo(new Decision.RetryAfter(subscription, Duration.ofMillis(200)));
        assertThat(this.session.sent).doesNotContainKey(ORDERS);
    }

    @Test
    void anExpiredReplayIdFallsBackLogsTheGapAndSubscribesAgainAtOnce() {
        this.store.save(Map.of(ORDERS, new ReplayPosition(50, null)));
        ChannelSubscriber subscriber = subscriber(ReplayFallback.ALL_EVENTS);
        Subscription subscription = sent(subscriber, ORDERS);
        assertThat(this.registry.sentReplay(ORDERS, this.session.streams)).isEqualTo(50);
        Message expired = reply(false, ORDERS, "400::The replayId {50} you provided was invalid. Please provide a "
                + "valid ID, -2 to replay all events, or -1 to replay only new events.", null);
        assertThat(subscriber.onSubscribeReply(this.session, subscription, expired))
            .isEqualTo(new Decision.RetryAfter(subscription, Duration.ZERO));
        assertThat(this.registry.resumeFrom(subscription)).isEqualTo(ReplayFrom.ALL_EVENTS.value());
        assertThat(this.lifecycle).containsExactly("fallback " + ORDERS + " 50");
    }

    @Test
    void anExpiredReplayIdFailsTheChannelWhenTheFallbackIsFail() {
        this.store.save(Map.of(ORDERS, new ReplayPosition(50, null)));
        ChannelSubscriber subscriber = subscriber(ReplayFallback.FAIL);
        Subscription subscription = sent(subscriber, ORDERS);
        Message expired = reply(false, ORDERS, "400::The replayId {50} you provided was invalid.", null);
        Decision decision = subscriber.onSubscribeReply(this.session, subscription, expired);
        assertThat(decision).isInstanceOfSatisfying(Decision.FailChannel.class, (fail) -> {
            assertThat(fail.subscription()).isSameAs(subscription);
            assertThat(fail.error()).isInstanceOf(ReplayException.class).hasMessageContaining("replay id 50");
        });
    }

    @Test
    void aChannelThatDoesNotExistFailsOnlyThatChannel() {
        ChannelSubscriber subscriber = subscriber(ReplayFallback.ALL_EVENTS);
        Subscription subscription = sent(subscriber, ORDERS);
        Decision decision = subscriber.onSubscribeReply(this.session, subscription, reply(false, ORDERS,
                "400::The channel you requested to subscribe to does not exist {/event/Order__e}", null));
        assertThat(decision).isInstanceOfSatisfying(Decision.FailChannel.class,
                (fail) -> assertThat(fail.error()).isInstanceOf(StreamingException.class)
                    .hasMessageContaining("does not exist"));
    }

    @Test
    void anUnknownClientOrARefusedTokenEndsTheSession() {
        ChannelSubscriber subscriber = subscriber(ReplayFallback.ALL_EVENTS);
        Subscription subscription = sent(subscriber, ORDERS);
        assertThat(subscriber.onSubscribeReply(this.session, subscription,
                reply(false, ORDERS, "403::Unknown client", null)))
            .isInstanceOfSatisfying(Decision.EndSession.class,
                    (end) -> assertThat(end.action()).isEqualTo(FailureAction.REHANDSHAKE));
        assertThat(subscriber.onSubscribeReply(this.session, subscription,
                reply(false, ORDERS, "401::Authentication invalid", null)))
            .isInstanceOfSatisfying(Decision.EndSession.class,
                    (end) -> assertThat(end.action()).isEqualTo(FailureAction.REAUTHENTICATE));
    }

    @Test
    void theDailyLimitBacksOffForLongAndIsReported() {
        ChannelSubscriber subscriber = subscriber(ReplayFallback.ALL_EVENTS);
        Subscription subscription = sent(subscriber, ORDERS);
        Decision decision = subscriber.onSubscribeReply(this.session, subscription,
                reply(false, ORDERS, "403::Organization total events daily limit exceeded", null));
        assertThat(decision).isEqualTo(new Decision.RetryAfter(subscription, Duration.ofSeconds(3)));
        assertThat(this.lifecycle).containsExactly("limit 3000");
    }

    @Test
    void aSubscriptionDroppedWhileItsSubscribeWasOnItsWayIsUnsubscribed() {
        ChannelSubscriber subscriber = subscriber(ReplayFallback.ALL_EVENTS);
        Subscription subscription = sent(subscriber, ORDERS);
        this.registry.remove(ORDERS);
        assertThat(subscriber.onSubscribeReply(this.session, subscription, reply(true, ORDERS, null, null)))
            .isEqualTo(new Decision.Unsubscribe(subscription));
    }

    @Test
    void aSubscribeWaitsForThePendingUnsubscribeOfItsChannelThenGoesOut() {
        ChannelSubscriber subscriber = subscriber(ReplayFallback.ALL_EVENTS);
        Subscription first = sent(subscriber, ORDERS);
        this.registry.remove(ORDERS);
        subscriber.unsubscribe(this.session, first, this.replies);
        Subscription second = this.registry.add(ORDERS, ReplayFrom.NEW_EVENTS);
        assertThat(subscriber.subscribe(this.session, second, this.replies)).isEqualTo(Decision.DONE);
        assertThat(this.session.sent).doesNotContainKey(ORDERS);
        Message unsubscribed = reply(true, ORDERS, null, null);
        unsubscribed.put(Message.CHANNEL_FIELD, "/meta/unsubscribe");
        assertThat(subscriber.onUnsubscribeReply(this.session, first, unsubscribed))
            .isEqualTo(new Decision.SubscribeNow(List.of(second)));
    }

    @Test
    void aFailedUnsubscribeRestartsTheSession() {
        ChannelSubscriber subscriber = subscriber(ReplayFallback.ALL_EVENTS);
        Subscription first = sent(subscriber, ORDERS);
        this.registry.remove(ORDERS);
        subscriber.unsubscribe(this.session, first, this.replies);
        Message failed = reply(false, ORDERS, "403::Unknown client", null);
        assertThat(subscriber.onUnsubscribeReply(this.session, first, failed)).isInstanceOfSatisfying(
                Decision.RestartSession.class,
                (restart) -> assertThat(restart.reason()).contains("unsubscribing " + ORDERS + " failed"));
    }

    @Test
    void aResubscriptionWithAnotherFilterQueryRestartsTheSession() {
        ChannelSubscriber subscriber = subscriber(ReplayFallback.ALL_EVENTS);
        Subscription hot = sent(subscriber, "/topic/Accounts?Type=Hot");
        this.registry.remove(hot.channel());
        subscriber.unsubscribe(this.session, hot, this.replies);
        Message unsubscribed = reply(true, hot.channel(), null, null);
        subscriber.onUnsubscribeReply(this.session, hot, unsubscribed);
        Subscription cold = this.registry.add("/topic/Accounts?Type=Cold", ReplayFrom.NEW_EVENTS);
        assertThat(subscriber.subscribe(this.session, cold, this.replies)).isInstanceOfSatisfying(
                Decision.RestartSession.class,
                (restart) -> assertThat(restart.reason()).contains("another filter query"));
    }

}
