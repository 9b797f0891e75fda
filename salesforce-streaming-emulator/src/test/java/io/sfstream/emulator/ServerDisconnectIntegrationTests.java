package io.sfstream.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.sfstream.emulator.junit.EmbeddedSalesforce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Server-initiated {@code /meta/disconnect} (Salesforce API 64.0 and later). */
@EmbeddedSalesforce(pushTopics = "AccountUpdates", connectTimeoutMillis = ServerDisconnectIntegrationTests.HOLD_MILLIS,
        reconnectWindowMillis = 10_000, newOrgPerTest = true)
class ServerDisconnectIntegrationTests {

    static final long HOLD_MILLIS = 5000;

    static final Duration HOLD = Duration.ofMillis(HOLD_MILLIS);

    SalesforceEmulator emulator;

    RawBayeux raw;

    // A new org per test: each test needs an empty one.
    @BeforeEach
    void start(SalesforceEmulator emulator) {
        this.emulator = emulator;
        this.raw = RawBayeux.connected(emulator);
    }

    @Test
    void aHeldConnectReturnsAtOnceWithTheDisconnectAndAConnectReplyAdvisingNone() throws Exception {
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        PublishedEvent before = this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "before"));
        assertThat(ReplayIntegrationTests.replayIds(this.raw.connect())).containsExactly(before.replayId());
        CompletableFuture<List<Map<String, Object>>> held = this.raw.connectAsync();
        awaitHeld(this.emulator, this.raw, 4);
        long start = System.nanoTime();

        this.emulator.faults().disconnectSession(this.raw.clientId, ServerDisconnect.WITH_CONNECT_REPLY);

        List<Map<String, Object>> response = held.get(3, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HOLD.dividedBy(2));
        assertThat(response).hasSize(2);
        assertThat(response.get(0)).containsOnly(Map.entry("channel", "/meta/disconnect"),
                Map.entry("clientId", this.raw.clientId), Map.entry("successful", true));
        assertThat(response.get(1)).containsOnlyKeys("channel", "clientId", "id", "successful", "advice")
            .containsEntry("channel", "/meta/connect")
            .containsEntry("clientId", this.raw.clientId)
            .containsEntry("successful", true)
            .containsEntry("advice", Map.of("reconnect", "none"));

        PublishedEvent after = this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "after"));
        assertUnknownClientWithHandshakeAdvice(this.raw.connectReply());
        assertThat(this.emulator.observations().subscribers("/topic/AccountUpdates")).isEmpty();
        // the token still works: a new session replays what the old one missed
        assertThat(this.raw.handshake()).containsEntry("successful", true);
        this.raw.connect();
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", before.replayId()));
        assertThat(ReplayIntegrationTests.replayIds(this.raw.connect())).containsExactly(after.replayId());
    }

    @Test
    void aloneTheResponseHoldsOnlyTheDisconnect() throws Exception {
        CompletableFuture<List<Map<String, Object>>> held = this.raw.connectAsync();
        awaitHeld(this.emulator, this.raw, 2);

        this.emulator.faults().disconnectSession(this.raw.clientId, ServerDisconnect.ALONE);

        assertThat(held.get(3, TimeUnit.SECONDS))
            .containsExactly(Map.of("channel", "/meta/disconnect", "clientId", this.raw.clientId, "successful", true));
        assertUnknownClientWithHandshakeAdvice(this.raw.connectReply());
    }

    @Test
    void withoutAHeldConnectTheDisconnectGoesIntoTheNextConnectResponse() {
        RawBayeux fresh = RawBayeux.of(this.emulator);
        fresh.handshake();

        this.emulator.faults().disconnectSession(fresh.clientId, ServerDisconnect.WITH_CONNECT_REPLY);
        List<Map<String, Object>> response = fresh.connect();

        assertThat(response).extracting(m -> m.get("channel")).containsExactly("/meta/disconnect", "/meta/connect");
        assertThat(response.get(1)).containsEntry("successful", true)
            .containsEntry("advice", Map.of("reconnect", "none"));
        assertUnknownClientWithHandshakeAdvice(fresh.connectReply());
    }

    @Test
    void eventsPublishedAfterTheDisconnectStayReplayableButAreNotDelivered() {
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        PublishedEvent queued = this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "queued"));
        // no connect is held: the event waits in the session's queue, the disconnect goes
        // behind it
        this.emulator.faults().disconnectSession(this.raw.clientId, ServerDisconnect.ALONE);
        PublishedEvent later = this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "later"));

        List<Map<String, Object>> response = this.raw.connect();

        assertThat(response).extracting(m -> m.get("channel"))
            .containsExactly("/topic/AccountUpdates", "/meta/disconnect");
        assertThat(ReplayIntegrationTests.replayIds(response)).containsExactly(queued.replayId());
        RawBayeux again = RawBayeux.connected(this.emulator);
        again.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", queued.replayId()));
        assertThat(ReplayIntegrationTests.replayIds(again.connect())).containsExactly(later.replayId());
    }

    @Test
    void disconnectAllSessionsEndsEveryLiveSession() throws Exception {
        RawBayeux other = RawBayeux.connected(this.emulator);
        CompletableFuture<List<Map<String, Object>>> first = this.raw.connectAsync();
        CompletableFuture<List<Map<String, Object>>> second = other.connectAsync();
        awaitHeld(this.emulator, this.raw, 2);
        awaitHeld(this.emulator, other, 2);

        this.emulator.faults().disconnectAllSessions(ServerDisconnect.ALONE);

        assertThat(first.get(3, TimeUnit.SECONDS)).singleElement()
            .satisfies(m -> assertThat(m).containsEntry("channel", "/meta/disconnect")
                .containsEntry("clientId", this.raw.clientId));
        assertThat(second.get(3, TimeUnit.SECONDS)).singleElement()
            .satisfies(m -> assertThat(m).containsEntry("channel", "/meta/disconnect")
                .containsEntry("clientId", other.clientId));
        assertUnknownClientWithHandshakeAdvice(this.raw.connectReply());
        assertUnknownClientWithHandshakeAdvice(other.connectReply());
    }

    @Test
    void resetCancelsADisconnectNotYetSent() {
        RawBayeux fresh = RawBayeux.of(this.emulator);
        fresh.handshake();
        this.emulator.faults().disconnectSession(fresh.clientId, ServerDisconnect.WITH_CONNECT_REPLY);

        this.emulator.faults().reset();

        assertThat(fresh.connect()).singleElement()
            .satisfies(reply -> assertThat(reply).containsEntry("channel", "/meta/connect")
                .containsEntry("successful", true)
                .containsEntry("advice",
                        Map.of("interval", 0, "timeout", (int) HOLD.toMillis(), "reconnect", "retry")));
    }

    @Test
    void aCometdClientLeftToItselfTakesEitherShapeAsFinal() throws Exception {
        for (ServerDisconnect shape : ServerDisconnect.values()) {
            try (StreamingClient client = new StreamingClient(this.emulator.cometdUrl("64.0"),
                    this.emulator::issueAccessToken)) {
                assertThat(client.handshake().isSuccessful()).isTrue();
                StreamingClient.next(client.connects, Duration.ofSeconds(5));
                String clientId = client.bayeux.getId();

                this.emulator.faults().disconnectSession(clientId, shape);

                assertThat(client.bayeux.waitFor(3000, org.cometd.client.BayeuxClient.State.DISCONNECTED))
                    .as(shape.name())
                    .isTrue();
                assertThat(this.emulator.observations().handshakes()).filteredOn(h -> clientId.equals(h.clientId()))
                    .hasSize(1);
            }
        }
    }

    @Test
    void anUnknownClientIdIsRefused() {
        assertThatThrownBy(() -> this.emulator.faults().disconnectSession("nope", ServerDisconnect.ALONE))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("nope");
    }

    /**
     * Waits until the server has received the session's {@code count}-th request
     * (handshake excluded).
     */
    static void awaitHeld(SalesforceEmulator emulator, RawBayeux client, long count) throws InterruptedException {
        await("the connect to reach the server").atMost(Duration.ofSeconds(3))
            .pollInterval(Duration.ofMillis(10))
            .until(() -> emulator.observations().requestsPerClientId().getOrDefault(client.clientId, 0L) >= count);
        Thread.sleep(50); // from its arrival to its hold, CometD needs no I/O: a moment
                          // is plenty
    }

    static void assertUnknownClientWithHandshakeAdvice(Map<String, Object> reply) {
        assertThat(reply).containsEntry("channel", "/meta/connect")
            .containsEntry("successful", false)
            .containsEntry("error", "403::Unknown client");
        assertThat(RawBayeux.map(reply.get("advice"))).containsEntry("reconnect", "handshake");
    }

}
