package io.sfstream.core.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.sfstream.core.AuthenticationException;
import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.doubles.CraftedBayeuxServer;
import io.sfstream.core.doubles.CraftedBayeuxServer.ConnectAnswer;
import io.sfstream.core.doubles.CraftedBayeuxServer.Request;
import io.sfstream.core.replay.ReplayFrom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Salesforce and the networks in front of it do in 2026 (PROTOCOL section 7),
 * against a scripted double written from PROTOCOL.md rather than our CometD-based
 * emulator: each case either recovers by itself, with nothing lost, or backs off; none
 * leaves the client quiet.
 */
class ServerAndNetworkBehaviourIntegrationTests {

    private static final String CHANNEL = "/event/Order_Placed__e";

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final Duration POLL = Duration.ofMillis(10);

    private static final String PROXY_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad "
            + "Gateway</h1></body></html>";

    private final AtomicInteger tokenRequests = new AtomicInteger();

    private final List<String> lifecycle = new CopyOnWriteArrayList<>();

    private CraftedBayeuxServer server;

    private StreamingClient client;

    @BeforeEach
    void start() throws Exception {
        this.server = new CraftedBayeuxServer();
    }

    @AfterEach
    void stop() {
        if (this.client != null) {
            this.client.close();
        }
        this.server.close();
    }

    private void open(Duration requestTimeout) {
        this.client = StreamingClient.builder(() -> {
            this.tokenRequests.incrementAndGet();
            return AccessToken.of(this.server.issueToken(), this.server.instanceUrl());
        })
            .apiVersion(CraftedBayeuxServer.API_VERSION)
            .backOff(Duration.ofMillis(200), Duration.ofSeconds(2))
            .requestTimeout(requestTimeout)
            .lifecycleListener(new ClientLifecycleListener() {
                @Override
                public void rehandshaked(String reason) {
                    ServerAndNetworkBehaviourIntegrationTests.this.lifecycle.add("rehandshaked: " + reason);
                }

                @Override
                public void disconnected(@Nullable Throwable cause) {
                    ServerAndNetworkBehaviourIntegrationTests.this.lifecycle.add("disconnected: " + cause);
                }

                @Override
                public void authenticationFailed(AuthenticationException error) {
                    ServerAndNetworkBehaviourIntegrationTests.this.lifecycle
                        .add("authenticationFailed: " + error.getMessage());
                }
            })
            .build();
        this.client.open();
        this.client.subscribe(CHANNEL, ReplayFrom.NEW_EVENTS);
        this.server.event(CHANNEL, 1, "{\"N\":1}");
        assertThat(receive().replayId().longValue()).isEqualTo(1L);
    }

    @Test
    void aServerDisconnectBesideTheConnectReplyIsFollowedByAHandshakeWithTheSameTokenAndNothingIsLost() {
        open(Duration.ofSeconds(5));
        serverEndsTheSessionAndTheClientResumes(new ConnectAnswer.DisconnectWithConnectReply());
    }

    @Test
    void aServerDisconnectAloneIsFollowedByAHandshakeWithTheSameTokenAndNothingIsLost() {
        open(Duration.ofSeconds(5));
        serverEndsTheSessionAndTheClientResumes(new ConnectAnswer.DisconnectAlone());
    }

    private void serverEndsTheSessionAndTheClientResumes(ConnectAnswer disconnect) {
        int handshakes = this.server.handshakes();
        this.server.answerNextConnect(disconnect);
        await("a new handshake").atMost(WAIT).pollInterval(POLL).until(() -> this.server.handshakes() > handshakes);
        // Published while the session was being replaced: replayed from the stored
        // position.
        this.server.store(CHANNEL, 2, "{\"N\":2}");
        await("the channel subscribed again").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> lastRequest("/meta/subscribe").nanoTime() > lastRequest("/meta/handshake").nanoTime());
        this.server.event(CHANNEL, 3, "{\"N\":3}");
        assertThat(receive().replayId().longValue()).isEqualTo(2L);
        assertThat(receive().replayId().longValue()).isEqualTo(3L);
        assertThat(this.tokenRequests).as("no new token for a server disconnect").hasValue(1);
        assertThat(this.server.requests()).filteredOn((request) -> request.channel().equals("/meta/handshake"))
            .hasSize(handshakes + 1)
            .allMatch(Request::successful);
        assertThat(this.lifecycle).anyMatch((call) -> call.startsWith("rehandshaked: Salesforce ended the Bayeux"));
    }

    @Test
    void serverDisconnectsInARowAreFollowedByHandshakesWithAGrowingBackOffNotALoop() {
        open(Duration.ofSeconds(5));
        int handshakes = this.server.handshakes();
        for (int i = 0; i < 4; i++) {
            this.server.answerNextConnect(new ConnectAnswer.DisconnectWithConnectReply());
        }
        await("four new sessions").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.server.handshakes() >= handshakes + 4);
        List<Request> later = this.server.requests()
            .stream()
            .filter((request) -> request.channel().equals("/meta/handshake"))
            .skip(handshakes)
            .toList();
        long spanMillis = (later.get(3).nanoTime() - later.get(0).nanoTime()) / 1_000_000;
        // 0, then at least 100, 200 and 400 ms (half of 200 ms doubling: the lower bound
        // of the jitter).
        assertThat(spanMillis).as("time over which the sessions were replaced").isGreaterThanOrEqualTo(700);
        this.server.event(CHANNEL, 2, "{\"N\":2}");
        assertThat(receive().replayId().longValue()).isEqualTo(2L);
    }

    @Test
    void clientsBeingReplacedNeverHandshakeOnTheirOwn() {
        open(Duration.ofSeconds(5));
        for (int revocation = 1; revocation <= 3; revocation++) {
            int handshakes = this.server.handshakes();
            // As some servers do: the refused token comes with advice 'handshake', which
            // CometD would act on by
            // itself, with whatever token is current.
            this.server.revokeTokens("handshake");
            await("a new session").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> this.server.handshakes() > handshakes
                        && lastRequest("/meta/connect").nanoTime() > lastRequest("/meta/handshake").nanoTime());
            this.server.event(CHANNEL, 1 + revocation, "{\"N\":" + (1 + revocation) + "}");
            assertThat(receive().replayId().longValue()).isEqualTo(1L + revocation);
        }
        assertThat(this.server.requests()).filteredOn((request) -> request.channel().equals("/meta/handshake"))
            .as("one handshake per session: the first, then one per revocation, each with a valid token")
            .hasSize(4)
            .allMatch(Request::successful);
        assertThat(this.tokenRequests).hasValue(4);
    }

    @Test
    void aLongPollThatIsNeverAnsweredIsAbandonedWithinItsBoundAndNothingIsLost() {
        open(Duration.ofSeconds(2));
        int handshakes = this.server.handshakes();
        this.server.answerNextConnect(new ConnectAnswer.BlackHole());
        await("the black-holed connect").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.server.requests()
                .stream()
                .filter((request) -> request.channel().equals("/meta/connect"))
                .count() > 0 && this.server.handshakes() == handshakes);
        this.server.store(CHANNEL, 2, "{\"N\":2}");
        await("a new session, its channel subscribed").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.server.handshakes() > handshakes
                    && lastRequest("/meta/subscribe").nanoTime() > lastRequest("/meta/handshake").nanoTime());
        this.server.event(CHANNEL, 3, "{\"N\":3}");
        assertThat(receive().replayId().longValue()).isEqualTo(2L);
        assertThat(receive().replayId().longValue()).isEqualTo(3L);
        Request handshake = this.server.requests()
            .stream()
            .filter((request) -> request.channel().equals("/meta/handshake"))
            .skip(handshakes)
            .findFirst()
            .orElseThrow();
        Request blackHoled = this.server.requests()
            .stream()
            .filter((request) -> request.channel().equals("/meta/connect") && request.nanoTime() < handshake.nanoTime())
            .reduce((first, second) -> second)
            .orElseThrow();
        long abandonedAfter = (handshake.nanoTime() - blackHoled.nanoTime()) / 1_000_000;
        // Bound: the advised hold (300 ms) plus the request timeout (2 s, shorter than
        // the 10 s margin), then a
        // back-off of at most 200 ms.
        assertThat(abandonedAfter).isBetween(2_000L, 2_300L + 200L + 1_500L);
        assertThat(this.tokenRequests).hasValue(1);
    }

    @Test
    void aProxyErrorPageIsANetworkFailureRetriedWithBackOff() {
        open(Duration.ofSeconds(5));
        int handshakes = this.server.handshakes();
        for (int i = 0; i < 3; i++) {
            this.server.answerNextConnect(new ConnectAnswer.HttpError(502, PROXY_PAGE));
        }
        await("three new sessions").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.server.handshakes() >= handshakes + 3
                    && lastRequest("/meta/connect").nanoTime() > lastRequest("/meta/handshake").nanoTime());
        this.server.event(CHANNEL, 2, "{\"N\":2}");
        assertThat(receive().replayId().longValue()).isEqualTo(2L);
        List<Request> later = this.server.requests()
            .stream()
            .filter((request) -> request.channel().equals("/meta/handshake"))
            .skip(handshakes)
            .toList();
        assertThat(later).hasSize(3);
        assertThat((later.get(2).nanoTime() - later.get(0).nanoTime()) / 1_000_000)
            .as("a back-off between the sessions, not a loop")
            .isGreaterThanOrEqualTo(300);
        assertThat(this.lifecycle).anyMatch((call) -> call.contains("HTTP 502"));
        assertThat(this.lifecycle).noneMatch((call) -> call.contains("<html>"));
    }

    @Test
    void theIntervalOfAMultipleClientsAdviceIsWaitedBeforeTheNextLongPoll() {
        open(Duration.ofSeconds(5));
        long sessions = this.server.handshakes();
        this.server.answerNextConnect(new ConnectAnswer.MultipleClients(1_000));
        this.server.answerNextConnect(new ConnectAnswer.MultipleClients(1_000));
        int before = this.server.requests().size();
        await("three more connects").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.server.requests()
                .stream()
                .skip(before)
                .filter((request) -> request.channel().equals("/meta/connect"))
                .count() >= 3);
        List<Request> connects = this.server.requests()
            .stream()
            .skip(before)
            .filter((request) -> request.channel().equals("/meta/connect"))
            .toList();
        for (int i = 1; i < 3; i++) {
            assertThat((connects.get(i).nanoTime() - connects.get(i - 1).nanoTime()) / 1_000_000)
                .as("wait before connect %d", i)
                .isGreaterThanOrEqualTo(950);
        }
        assertThat(this.server.handshakes()).as("the session stays").isEqualTo(sessions);
        this.server.event(CHANNEL, 2, "{\"N\":2}");
        assertThat(receive().replayId().longValue()).isEqualTo(2L);
    }

    @Test
    void requestRequiresAuthenticationReauthenticatesOncePerOccurrence() {
        open(Duration.ofSeconds(5));
        for (int occurrence = 1; occurrence <= 2; occurrence++) {
            int tokens = this.tokenRequests.get();
            int handshakes = this.server.handshakes();
            this.server.answerNextConnect(new ConnectAnswer.Failure("401::Request requires authentication", "none"));
            await("a new token and session").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> this.tokenRequests.get() > tokens && this.server.handshakes() > handshakes);
            this.server.event(CHANNEL, 1 + occurrence, "{\"N\":" + (1 + occurrence) + "}");
            // The event taken last is committed by the next receive(): the new session
            // may
            // replay it first (at-least-once), never skip ahead of it.
            long received = receive().replayId().longValue();
            if (received == occurrence) {
                received = receive().replayId().longValue();
            }
            assertThat(received).isEqualTo(1L + occurrence);
            assertThat(this.tokenRequests).hasValue(tokens + 1);
        }
        assertThat(this.lifecycle).noneMatch((call) -> call.startsWith("authenticationFailed"));
    }

    private Request lastRequest(String channel) {
        return this.server.requests()
            .stream()
            .filter((request) -> request.channel().equals(channel))
            .reduce((first, second) -> second)
            .orElse(new Request(channel, "", null, false, Long.MIN_VALUE));
    }

    private StreamingEvent receive() {
        StreamingEvent event = this.client.receive(WAIT);
        assertThat(event).as("an event within %s", WAIT).isNotNull();
        return event;
    }

}
