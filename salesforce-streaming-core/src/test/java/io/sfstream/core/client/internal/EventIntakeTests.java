package io.sfstream.core.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.client.internal.SubscriptionRegistry.Subscription;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.support.LifecycleNotifier;
import io.sfstream.core.support.ReplayCommitter;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.common.JettyJSONContextClient;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the event intake takes from a session's messages: parsed as CometD parses them,
 * for a session whose CometD client never connects.
 */
class EventIntakeTests {

    private static final String ORDERS = "/event/Order__e";

    private final ReplayCommitter committer = new ReplayCommitter(new InMemoryReplayStore(), 100, Duration.ofHours(1));

    private final SubscriptionRegistry registry = new SubscriptionRegistry(this.committer);

    private final EventBuffer buffer = new EventBuffer(100);

    private final List<String> malformed = new ArrayList<>();

    private final EventIntake intake = new EventIntake(this.registry, this.buffer,
            new LifecycleNotifier(List.of(new ClientLifecycleListener() {
                @Override
                public void malformedEvent(String channel, String reason) {
                    EventIntakeTests.this.malformed.add(channel + ": " + reason);
                }
            })));

    private final List<BayeuxSession> sessions = new ArrayList<>();

    @AfterEach
    void close() {
        this.sessions.forEach((session) -> session.client.abort());
        this.committer.close();
    }

    private BayeuxSession session(long generation) {
        BearerTransport transport = new BearerTransport(new HashMap<>(), null, new HttpClient(), () -> "token",
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        BayeuxClient client = new SupervisedBayeuxClient("http://127.0.0.1:1/cometd/64.0", null, transport);
        BayeuxSession session = new BayeuxSession(client, new ReplayExtension((channel) -> -1),
                new SessionStreams(generation));
        this.sessions.add(session);
        return session;
    }

    private Subscription subscribedIn(BayeuxSession session, String channel) {
        Subscription subscription = this.registry.add(channel, ReplayFrom.NEW_EVENTS);
        subscription.sentIn(session.generation);
        this.registry.resumeFrom(channel, session.streams);
        return subscription;
    }

    private static Message event(String channel, String replayId) {
        String json = "[{\"channel\":\"" + channel + "\",\"data\":{\"schema\":\"s\",\"payload\":{\"N\":1},"
                + "\"event\":{\"replayId\":" + replayId + "}}}]";
        try {
            return new JettyJSONContextClient().parse(json).get(0);
        }
        catch (java.text.ParseException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void anEventOfAChannelSubscribedInTheSessionIsBufferedAndItsPositionKnown() throws Exception {
        BayeuxSession session = session(1);
        Subscription subscription = subscribedIn(session, ORDERS);
        assertThat(this.intake.onMessage(session, event(ORDERS, "5000000001"))).isNull();
        SalesforceEvent taken = this.buffer.poll(0, TimeUnit.MILLISECONDS);
        assertThat(taken).isNotNull();
        assertThat(taken.replayId().longValue()).isEqualTo(5_000_000_001L);
        subscription.setActive(true);
        assertThat(this.registry.resumeFrom(subscription)).isEqualTo(5_000_000_001L);
    }

    @Test
    void eventsOfAnAbandonedSessionAreNotTaken() {
        BayeuxSession session = session(1);
        subscribedIn(session, ORDERS);
        session.end();
        assertThat(this.intake.onMessage(session, event(ORDERS, "7"))).isNull();
        assertThat(this.buffer.size()).isZero();
    }

    @Test
    void eventsOfAChannelSubscribedInAnotherSessionAreNotTaken() {
        BayeuxSession earlier = session(1);
        subscribedIn(session(2), ORDERS);
        assertThat(this.intake.onMessage(earlier, event(ORDERS, "7"))).isNull();
        assertThat(this.buffer.size()).isZero();
    }

    @Test
    void anEventWithoutAUsableReplayIdIsDeliveredReportedAndLeavesThePositionAlone() throws Exception {
        BayeuxSession session = session(1);
        Subscription subscription = subscribedIn(session, ORDERS);
        subscription.setActive(true);
        assertThat(this.intake.onMessage(session, event(ORDERS, "\"abc\""))).isNull();
        SalesforceEvent taken = this.buffer.poll(0, TimeUnit.MILLISECONDS);
        assertThat(taken).isNotNull();
        assertThat(taken.replayId()).isNull();
        assertThat(this.malformed).singleElement().asString().contains(ORDERS).contains("replayId");
        assertThat(this.registry.resumeFrom(subscription)).isEqualTo(ReplayFrom.NEW_EVENTS.value());
    }

    @Test
    void anEventReplayedTwiceInASessionIsTakenOnce() {
        BayeuxSession session = session(1);
        subscribedIn(session, ORDERS).setActive(true);
        this.intake.onMessage(session, event(ORDERS, "10"));
        this.intake.onMessage(session, event(ORDERS, "11"));
        // The channel is subscribed again in the session, resuming after the last event
        // taken (11), while the
        // earlier stream's 11 is still on its way.
        this.registry.resubscribing(ORDERS, session.streams);
        assertThat(this.registry.resumeFrom(ORDERS, session.streams)).isEqualTo(11);
        this.intake.onMessage(session, event(ORDERS, "11"));
        this.intake.onMessage(session, event(ORDERS, "12"));
        assertThat(this.buffer.size()).isEqualTo(3);
    }

}
