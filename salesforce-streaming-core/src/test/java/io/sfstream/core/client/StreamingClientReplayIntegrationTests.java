package io.sfstream.core.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sfstream.core.ClientInvalidOperationException;
import io.sfstream.core.ReplayException;
import io.sfstream.core.ServerException;
import io.sfstream.core.client.EmulatorSupport.CountingAuthenticator;
import io.sfstream.core.client.EmulatorSupport.RecordingLifecycle;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.emulator.PublishedEvent;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.SubscribeObservation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.sfstream.core.client.EmulatorSupport.GENERIC;
import static io.sfstream.core.client.EmulatorSupport.PLATFORM_EVENT;
import static io.sfstream.core.client.EmulatorSupport.POLL;
import static io.sfstream.core.client.EmulatorSupport.PUSH_TOPIC;
import static io.sfstream.core.client.EmulatorSupport.WAIT;
import static io.sfstream.core.client.EmulatorSupport.receiveUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Replay positions, fallbacks, commits, back-pressure and channel failures against the
 * emulator.
 */
class StreamingClientReplayIntegrationTests {

    private SalesforceEmulator emulator;

    private final List<StreamingClient> clients = new ArrayList<>();

    private final RecordingLifecycle lifecycle = new RecordingLifecycle();

    private final InMemoryReplayStore store = new InMemoryReplayStore();

    @BeforeEach
    void start() {
        // One org per test, not @EmbeddedSalesforce: tests replay all it retains.
        this.emulator = EmulatorSupport.startEmulator();
    }

    @AfterEach
    void stop() {
        this.clients.forEach(StreamingClient::close);
        this.emulator.close();
    }

    private StreamingClient open(StreamingClient.Builder builder) {
        StreamingClient client = builder.build();
        this.clients.add(client);
        client.open();
        return client;
    }

    private StreamingClient.Builder builder() {
        return EmulatorSupport.clientBuilder(new CountingAuthenticator(this.emulator))
            .replayStore(this.store)
            .lifecycleListener(this.lifecycle);
    }

    private long publish(String channel, int seq) {
        return this.emulator.publish(channel, Map.of("Seq__c", seq)).replayId();
    }

    @Test
    void resumesAfterReopeningWithTheSameStoreWithoutLosingEventsPublishedWhileClosed() {
        StreamingClient first = open(builder());
        first.subscribe(PLATFORM_EVENT);
        long one = publish(PLATFORM_EVENT, 1);
        long two = publish(PLATFORM_EVENT, 2);
        assertThat(receiveUntil(first, 2)).extracting((received) -> received.replayId().longValue())
            .containsExactly(one, two);
        first.close();
        // Taking 'two' committed 'one'; 'two' was the last event taken, so it is
        // delivered again.
        assertThat(this.store.load(PLATFORM_EVENT)).map((position) -> position.replayId().longValue()).contains(one);
        long three = publish(PLATFORM_EVENT, 3);
        long four = publish(PLATFORM_EVENT, 4);

        StreamingClient second = open(builder());
        second.subscribe(PLATFORM_EVENT);
        assertThat(receiveUntil(second, 3)).extracting((received) -> received.replayId().longValue())
            .containsExactly(two, three, four);
        assertThat(this.emulator.observations().subscribes()).last()
            .extracting(SubscribeObservation::replay)
            .isEqualTo(Map.of(PLATFORM_EVENT, one));
    }

    @Test
    void expiredStoredIdFallsBackToAllEventsAndReportsTheGap() {
        long old = publish(PUSH_TOPIC, 0);
        this.store.save(Map.of(PUSH_TOPIC, new ReplayPosition(old, null)));
        this.emulator.clock().advance(Duration.ofHours(25));
        long retained = publish(PUSH_TOPIC, 1);
        StreamingClient client = open(builder());
        client.subscribe(PUSH_TOPIC);
        assertThat(receiveUntil(client, 1)).extracting((received) -> received.replayId().longValue())
            .containsExactly(retained);
        assertThat(this.lifecycle.calls).contains("fallback " + PUSH_TOPIC + " " + old + " ALL_EVENTS",
                "subscribed " + PUSH_TOPIC + " -2");
    }

    @Test
    void fallbackAlsoAppliesToTheAutomaticResubscribeAfterARehandshake() {
        long stored = publish(PUSH_TOPIC, 0);
        this.store.save(Map.of(PUSH_TOPIC, new ReplayPosition(stored, null)));
        StreamingClient client = open(builder().replayFallback(ReplayFallback.NEW_EVENTS));
        client.subscribe(PUSH_TOPIC);
        this.emulator.clock().advance(Duration.ofHours(25));
        int handshakes = this.emulator.observations().handshakes().size();
        this.emulator.faults().expireAllSessions();
        await("the fallback on re-subscribe").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.lifecycle.count("fallback " + PUSH_TOPIC) == 1);
        await("re-subscribed").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.lifecycle.count("subscribed " + PUSH_TOPIC + " -1") == 1);
        assertThat(this.emulator.observations().handshakes().size()).isGreaterThan(handshakes);
        long fresh = publish(PUSH_TOPIC, 1);
        assertThat(receiveUntil(client, 1)).extracting((received) -> received.replayId().longValue())
            .containsExactly(fresh);
        assertThat(client.subscriptions()).containsExactly(PUSH_TOPIC);
    }

    @Test
    void failPolicyThrowsReplayExceptionAndDropsTheChannel() {
        long old = publish(PLATFORM_EVENT, 0);
        this.store.save(Map.of(PLATFORM_EVENT, new ReplayPosition(old, null)));
        this.emulator.clock().advance(Duration.ofHours(73));
        StreamingClient client = open(builder().replayFallback(ReplayFallback.FAIL));
        assertThatExceptionOfType(ReplayException.class).isThrownBy(() -> client.subscribe(PLATFORM_EVENT))
            .withMessageContaining(String.valueOf(old));
        assertThat(client.subscriptions()).isEmpty();
        assertThat(this.lifecycle.calls).contains("subscribeFailed " + PLATFORM_EVENT);
    }

    @Test
    void permanentChannelErrorLeavesOtherChannelsRunning() {
        StreamingClient client = open(builder());
        client.subscribe(PLATFORM_EVENT);
        assertThatExceptionOfType(ServerException.class).isThrownBy(() -> client.subscribe("/topic/DoesNotExist"))
            .satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(400));
        assertThat(this.lifecycle.calls).contains("subscribeFailed /topic/DoesNotExist");
        assertThat(client.subscriptions()).containsExactly(PLATFORM_EVENT);
        long id = publish(PLATFORM_EVENT, 1);
        assertThat(receiveUntil(client, 1)).extracting((received) -> received.replayId().longValue())
            .containsExactly(id);
    }

    @Test
    void closeFlushesWhatWasProcessedButNotTheLastEventTaken() {
        StreamingClient client = open(builder().commitBatching(1000, Duration.ofHours(1)));
        client.subscribe(PLATFORM_EVENT);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(publish(PLATFORM_EVENT, i));
        }
        await("all buffered").atMost(WAIT).pollInterval(POLL).until(() -> client.pendingCount() == 5);
        client.receive();
        StreamingEvent second = client.receive();
        StreamingEvent third = client.receive();
        assertThat(this.store.load(PLATFORM_EVENT)).as("batched, not saved yet").isEmpty();
        client.close();
        // Taking the third committed the second; the third may not have been processed
        // (an exception in the loop
        // body closes the client too), so it is delivered again after a restart.
        assertThat(this.store.load(PLATFORM_EVENT)).map((position) -> position.replayId().longValue())
            .contains(second.replayId().longValue());
        assertThat(second.replayId().longValue()).isEqualTo(ids.get(1));
        assertThat(third.replayId().longValue()).isEqualTo(ids.get(2));
        assertThatExceptionOfType(ClientInvalidOperationException.class).isThrownBy(client::receive);
        assertThat(client.iterator().hasNext()).isFalse();
        client.close();
    }

    @Test
    void resubscribingRightAfterAnUnsubscribeLosesNothingAfterTheCommittedPosition() throws Exception {
        StreamingClient client = open(builder().commitMode(CommitMode.MANUAL));
        client.subscribe(PLATFORM_EVENT);
        List<Long> published = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean publishing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread publisher = new Thread(() -> {
            for (int i = 0; publishing.get() && i < 2_000; i++) {
                published.add(publish(PLATFORM_EVENT, i));
            }
        });
        publisher.start();
        java.util.Set<Long> received = new java.util.HashSet<>();
        List<Long> inOrder = new ArrayList<>();
        long firstCommitted = -1;
        for (int round = 0; round < 5; round++) {
            // Take and commit a few events, leave others buffered, then unsubscribe
            // (dropping the buffered ones)
            // and subscribe again at once while events keep flowing: the new subscription
            // must resume right after
            // the committed event, not after events that arrived for the old one.
            for (int taken = 0; taken < 3; taken++) {
                StreamingEvent event = client.receive(Duration.ofSeconds(10));
                assertThat(event).as("an event in round %d", round).isNotNull();
                received.add(event.replayId().longValue());
                inOrder.add(event.replayId().longValue());
                client.commit(event);
                if (firstCommitted < 0) {
                    firstCommitted = event.replayId().longValue();
                }
            }
            client.unsubscribe(PLATFORM_EVENT);
            client.subscribe(PLATFORM_EVENT);
        }
        publishing.set(false);
        publisher.join();
        long lastPublished = published.get(published.size() - 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!received.contains(lastPublished) && System.nanoTime() < deadline) {
            StreamingEvent event = client.receive(Duration.ofSeconds(1));
            if (event != null) {
                received.add(event.replayId().longValue());
                inOrder.add(event.replayId().longValue());
            }
        }
        // Every taken event was committed, so each new subscription resumes right after
        // the last one taken.
        assertThat(inOrder).as("replay ids in delivery order").isSorted().doesNotHaveDuplicates();
        long from = firstCommitted;
        List<Long> missing = published.stream().filter((id) -> id >= from && !received.contains(id)).toList();
        assertThat(missing)
            .as("events after the first committed one that never arrived; subscribes %s",
                    this.emulator.observations().subscribes())
            .isEmpty();
    }

    @Test
    void aResponseWithMoreEventsThanTheBufferHoldsIsDeliveredWithoutReHandshaking() {
        StreamingClient client = open(builder().maxPendingCount(5));
        client.subscribe(PLATFORM_EVENT);
        int handshakes = this.emulator.observations().handshakes().size();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(Map.of("Sequence__c", i));
        }
        List<Long> published = this.emulator.publishBatch(PLATFORM_EVENT, batch)
            .stream()
            .map(io.sfstream.emulator.PublishedEvent::replayId)
            .toList();
        assertThat(receiveUntil(client, 50)).extracting((received) -> received.replayId().longValue())
            .containsExactlyElementsOf(published);
        assertThat(this.emulator.observations().handshakes()).as("no re-handshake").hasSize(handshakes);
    }

    @Test
    void manualModeCommitsOnlyWhatTheConsumerCommits() {
        StreamingClient client = open(builder().commitMode(CommitMode.MANUAL));
        client.subscribe(PLATFORM_EVENT);
        publish(PLATFORM_EVENT, 1);
        publish(PLATFORM_EVENT, 2);
        List<StreamingEvent> events = receiveUntil(client, 2);
        client.commit(events.get(0));
        client.close();
        assertThat(this.store.load(PLATFORM_EVENT)).map((position) -> position.replayId().longValue())
            .contains(events.get(0).replayId().longValue());
    }

    @Test
    void stalledConsumerCatchesUpWithNothingLostAndBoundedBuffer() {
        StreamingClient client = open(builder().maxPendingCount(5));
        client.subscribe(GENERIC);
        List<Long> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(this.emulator.publish(GENERIC, "event " + i).replayId());
        }
        await("buffer full").atMost(WAIT).pollInterval(POLL).until(() -> client.pendingCount() == 5);
        int handshakes = this.emulator.observations().handshakes().size();
        for (int i = 5; i < 20; i++) {
            published.add(this.emulator.publish(GENERIC, "event " + i).replayId());
        }
        // The consumer stalls past the 2 s reconnect window while connects are held back:
        // no new handshake, no
        // growth of the buffer.
        this.start = System.nanoTime();
        await("a stall shorter than the reconnect window").atMost(WAIT).pollInterval(POLL).until(() -> waited(1));
        int pendingDuringStall = client.pendingCount();
        await("a stall longer than the reconnect window").atMost(WAIT).pollInterval(POLL).until(() -> waited(3));
        // At most the capacity plus the events of the one response that was in flight
        // when the buffer filled, and
        // no growth while connects are held back.
        assertThat(client.pendingCount()).isLessThanOrEqualTo(20).isEqualTo(pendingDuringStall);
        assertThat(this.emulator.observations().handshakes()).hasSize(handshakes);
        List<Long> received = new ArrayList<>();
        while (received.size() < published.size()) {
            StreamingEvent event = client.receive(Duration.ofSeconds(10));
            assertThat(event).as("received %s of %s", received, published).isNotNull();
            received.add(event.replayId().longValue());
            assertThat(client.pendingCount()).isLessThanOrEqualTo(20);
        }
        assertThat(received).isEqualTo(published);
        assertThat(this.emulator.observations().handshakes().size()).as("the lapsed session was replaced")
            .isGreaterThan(handshakes);
        assertThat(this.lifecycle.calls).contains("rehandshaked");
    }

    private long start = System.nanoTime();

    private boolean waited(int seconds) {
        return System.nanoTime() - this.start > Duration.ofSeconds(seconds).toNanos();
    }

    @Test
    void listenersReceiveOnTheDeliveryThreadAndCommitWhenDone() {
        StreamingClient client = open(builder());
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Long> ids = new CopyOnWriteArrayList<>();
        client.addListener((event) -> {
            threads.add(Thread.currentThread().getName());
            ids.add(event.replayId().longValue());
        });
        client.addListener((event) -> {
            throw new IllegalStateException("a failing listener does not stop delivery");
        });
        client.subscribe(PLATFORM_EVENT);
        long one = publish(PLATFORM_EVENT, 1);
        long two = publish(PLATFORM_EVENT, 2);
        await("delivered").atMost(WAIT).pollInterval(POLL).until(() -> ids.size() == 2);
        assertThat(ids).containsExactly(one, two);
        assertThat(threads).containsOnly("sfstream-delivery");
        assertThatExceptionOfType(ClientInvalidOperationException.class).isThrownBy(client::receive);
        await("committed").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.store.load(PLATFORM_EVENT)
                .map((position) -> position.replayId().longValue())
                .orElse(0L) == two);
    }

    @Test
    void subscribeAndUnsubscribeWhileEventsFlow() throws Exception {
        StreamingClient client = open(builder());
        client.subscribe(PLATFORM_EVENT);
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 40; i++) {
                publish(PLATFORM_EVENT, i);
            }
        });
        publisher.start();
        for (int i = 0; i < 5; i++) {
            client.subscribe(GENERIC);
            client.unsubscribe(GENERIC);
        }
        publisher.join();
        client.subscribe(GENERIC);
        PublishedEvent generic = this.emulator.publish(GENERIC, "after");
        List<Long> platformIds = new ArrayList<>();
        boolean genericSeen = false;
        while (platformIds.size() < 40 || !genericSeen) {
            StreamingEvent event = client.receive(Duration.ofSeconds(10));
            assertThat(event).as("platform %s, generic %s", platformIds, genericSeen).isNotNull();
            if (event.channel().equals(GENERIC)) {
                genericSeen = event.replayId().longValue() == generic.replayId();
            }
            else {
                platformIds.add(event.replayId().longValue());
            }
        }
        assertThat(platformIds).isSorted().doesNotHaveDuplicates();
        assertThat(client.subscriptions()).containsExactlyInAnyOrder(PLATFORM_EVENT, GENERIC);
    }

    @Test
    void resubscribingAPushTopicWithAnotherFilterQueryStartsANewSession() {
        StreamingClient client = open(builder());
        client.subscribe(PUSH_TOPIC + "?Name=Hot");
        long hot = this.emulator.publish(PUSH_TOPIC, Map.of("Name", "Hot")).replayId();
        StreamingEvent first = client.receive(Duration.ofSeconds(10));
        assertThat(first).isNotNull();
        assertThat(first.replayId().longValue()).isEqualTo(hot);
        client.unsubscribe(PUSH_TOPIC + "?Name=Hot");
        int handshakes = this.emulator.observations().handshakes().size();

        // What is left of the Hot stream cannot be told from the Cold one's events: a new
        // session instead of a fence.
        client.subscribe(PUSH_TOPIC + "?Name=Cold");
        this.emulator.publish(PUSH_TOPIC, Map.of("Name", "Hot"));
        long cold = this.emulator.publish(PUSH_TOPIC, Map.of("Name", "Cold")).replayId();

        StreamingEvent next = client.receive(Duration.ofSeconds(10));
        assertThat(next).isNotNull();
        assertThat(next.replayId().longValue()).isEqualTo(cold);
        assertThat(this.emulator.observations().handshakes()).hasSize(handshakes + 1);
    }

    @Test
    void apiMisuseIsRejected() {
        StreamingClient notOpen = builder().build();
        this.clients.add(notOpen);
        assertThatExceptionOfType(ClientInvalidOperationException.class)
            .isThrownBy(() -> notOpen.subscribe(PLATFORM_EVENT));
        assertThatExceptionOfType(ClientInvalidOperationException.class).isThrownBy(notOpen::receive);
        assertThat(notOpen.state()).isEqualTo(ConnectionState.CLOSED);
        StreamingClient client = open(builder());
        assertThatExceptionOfType(ClientInvalidOperationException.class).isThrownBy(client::open);
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> client.subscribe("/bad/Channel"));
        client.close();
        client.close();
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        assertThatExceptionOfType(ClientInvalidOperationException.class).isThrownBy(client::receive);
        // A closed client opens again (a new session).
        client.open();
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThatExceptionOfType(ClientInvalidOperationException.class).isThrownBy(client::open);
    }

}
