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

@EmbeddedSalesforce(pushTopics = "AccountUpdates", connectTimeoutMillis = 800, reconnectWindowMillis = 2000,
        newOrgPerTest = true)
class FaultsIntegrationTests {

    SalesforceEmulator emulator;

    RawBayeux raw;

    // A new org per test: each test needs an empty one.
    @BeforeEach
    void start(SalesforceEmulator emulator) {
        this.emulator = emulator;
        this.raw = RawBayeux.connected(emulator);
    }

    @Test
    void expiredSessionsGetUnknownClientWithHandshakeAdviceButKeepTheirToken() {
        this.emulator.faults().expireAllSessions();

        Map<String, Object> connect = this.raw.connectReply();
        assertThat(connect).containsEntry("successful", false).containsEntry("error", "403::Unknown client");
        assertThat(RawBayeux.map(connect.get("advice"))).containsEntry("reconnect", "handshake");
        assertThat(this.raw.handshake()).containsEntry("successful", true);
    }

    @Test
    void aHeldConnectReturnsUnknownClientAsSoonAsSessionsExpire() throws Exception {
        Thread expirer = new Thread(() -> {
            sleep(200);
            this.emulator.faults().expireAllSessions();
        });
        expirer.start();
        long start = System.nanoTime();

        assertThat(this.raw.connectReply()).containsEntry("error", "403::Unknown client");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700));
        expirer.join();
    }

    @Test
    void aDroppedConnectResponseFailsOnTheWireButItsEventsStayReplayable() {
        PublishedEvent seen = this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "seen"));
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        this.emulator.faults().dropNextConnectResponse();
        PublishedEvent lost = this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "Acme"));

        assertThatThrownBy(this.raw::connect).isInstanceOf(java.io.UncheckedIOException.class);

        RawBayeux again = RawBayeux.of(this.emulator);
        again.handshake();
        again.connect();
        again.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", seen.replayId()));
        assertThat(ReplayIntegrationTests.replayIds(again.connect())).containsExactly(lost.replayId());
    }

    @Test
    void onlyTheNextConnectResponseIsDropped() {
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        this.emulator.faults().dropNextConnectResponse();
        this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "first"));
        assertThatThrownBy(this.raw::connect).isInstanceOf(java.io.UncheckedIOException.class);

        PublishedEvent second = this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "second"));
        assertThat(ReplayIntegrationTests.replayIds(this.raw.connect())).containsExactly(second.replayId());
    }

    @Test
    void delayedResponsesArriveLate() {
        this.emulator.faults().delayResponses(Duration.ofMillis(400));
        long start = System.nanoTime();
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        this.emulator.faults().delayResponses(Duration.ZERO);
        start = System.nanoTime();
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
    }

    @Test
    void theNextSubscribesFailAsServerTooBusy() {
        this.emulator.faults().failNextSubscribes(2);

        for (int i = 0; i < 2; i++) {
            Map<String, Object> reply = this.raw.subscribe("/topic/AccountUpdates",
                    Map.of("/topic/AccountUpdates", -1));
            assertThat(reply).containsEntry("successful", false)
                .containsEntry("error", "403:denied_by_security_policy:subscribe_denied");
            assertThat(RawBayeux.map(RawBayeux.map(reply.get("ext")).get("sfdc"))).containsEntry("failureReason",
                    "503::Server is too busy. Please try your request again later.");
        }
        assertThat(this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1)))
            .containsEntry("successful", true);
    }

    @Test
    void handshakesBeyondTheConcurrentClientLimitAreDenied() {
        this.emulator.faults().concurrentClientLimit(1);

        Map<String, Object> reply = RawBayeux.of(this.emulator).handshake();

        assertThat(reply).containsEntry("successful", false).containsEntry("error", "403::Handshake denied");
        assertThat(RawBayeux.map(RawBayeux.map(reply.get("ext")).get("sfdc"))).containsEntry("failureReason",
                "403::Organization concurrent user limit exceeded");
        this.emulator.faults().reset();
        assertThat(RawBayeux.of(this.emulator).handshake()).containsEntry("successful", true);
    }

    @Test
    void theDailyLimitRefusesConnectsAndSubscribes() {
        this.emulator.faults().dailyLimitExceeded(true);

        assertThat(this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1)))
            .containsEntry("error", "403::Organization total events daily limit exceeded");
        assertThat(this.raw.connectReply()).containsEntry("successful", false)
            .containsEntry("error", "403::Organization total events daily limit exceeded");
        this.emulator.faults().dailyLimitExceeded(false);
        assertThat(this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1)))
            .containsEntry("successful", true);
    }

    @Test
    void theDailyLimitRefusesHandshakesToo() {
        this.emulator.faults().dailyLimitExceeded(true);

        Map<String, Object> reply = RawBayeux.of(this.emulator).handshake();

        assertThat(reply).containsEntry("channel", "/meta/handshake")
            .containsEntry("successful", false)
            .containsEntry("error", "403::Organization total events daily limit exceeded");
        assertThat(RawBayeux.map(reply.get("advice"))).containsEntry("reconnect", "none");
        assertThat(this.raw.connectReply()).containsEntry("error",
                "403::Organization total events daily limit exceeded");
    }

    @Test
    void aDailyLimitForAPeriodEndsByItself() throws Exception {
        this.emulator.faults().dailyLimitExceeded(Duration.ofMillis(600));

        assertThat(RawBayeux.of(this.emulator).handshake()).containsEntry("error",
                "403::Organization total events daily limit exceeded");
        assertThat(this.raw.connectReply()).containsEntry("error",
                "403::Organization total events daily limit exceeded");
        await("a successful handshake once the period is over").atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> Boolean.TRUE.equals(RawBayeux.of(this.emulator).handshake().get("successful")));
        assertThat(this.raw.connectReply()).containsEntry("successful", true);
        assertThatThrownBy(() -> this.emulator.faults().dailyLimitExceeded(Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void revokingTokensEndsAHeldConnectAtOnceAndNothingIsDeliveredAfterwards() throws Exception {
        try (SalesforceEmulator slow = SalesforceEmulator.builder()
            .pushTopic("AccountUpdates")
            .connectTimeout(Duration.ofSeconds(4))
            .start()) {
            RawBayeux client = RawBayeux.connected(slow);
            client.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
            CompletableFuture<List<Map<String, Object>>> held = client.connectAsync();
            ServerDisconnectIntegrationTests.awaitHeld(slow, client, 3);
            long start = System.nanoTime();

            slow.faults().revokeAllTokens();

            assertThat(held.get(3, TimeUnit.SECONDS)).singleElement().satisfies(reply -> {
                assertThat(reply).containsEntry("channel", "/meta/connect")
                    .containsEntry("successful", false)
                    .containsEntry("error", "401::Authentication invalid");
                assertThat(RawBayeux.map(reply.get("advice"))).containsEntry("reconnect", "none");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            slow.publish("/topic/AccountUpdates", Map.of("Name", "after revocation"));
            assertThat(client.connect()).singleElement()
                .satisfies(reply -> assertThat(reply).containsEntry("error", "401::Authentication invalid"));
            assertThat(slow.observations().subscribers("/topic/AccountUpdates")).isEmpty();
            client.authorization = "Bearer " + slow.issueAccessToken();
            assertThat(client.connect()).singleElement()
                .satisfies(reply -> assertThat(reply).containsEntry("error", "403::Unknown client"));
        }
    }

    @Test
    void restartOnTheSamePortKeepsTokensChannelsAndTheEventStore() {
        String token = this.emulator.issueAccessToken();
        int port = this.emulator.port();
        PublishedEvent before = this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "before"));

        this.emulator.stop();
        assertThatThrownBy(() -> new RawBayeux(this.emulator.cometdUrl("64.0"), token).handshake())
            .isInstanceOf(java.io.UncheckedIOException.class);
        this.emulator.restart();

        assertThat(this.emulator.port()).isEqualTo(port);
        assertThat(this.raw.connectReply()).containsEntry("error", "403::Unknown client");
        PublishedEvent after = this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "after"));
        assertThat(after.replayId()).isGreaterThan(before.replayId());
        RawBayeux client = new RawBayeux(this.emulator.cometdUrl("64.0"), token);
        assertThat(client.handshake()).containsEntry("successful", true);
        client.connect();
        client.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -2));
        assertThat(ReplayIntegrationTests.replayIds(client.connect())).containsExactly(before.replayId(),
                after.replayId());
    }

    @Test
    void publishingToAnUndeclaredChannelIsRefused() {
        assertThatThrownBy(() -> this.emulator.publish("/topic/Nope", Map.of()))
            .isInstanceOf(IllegalArgumentException.class);
        this.emulator.declarePushTopic("Nope");
        assertThat(this.emulator.publishBatch("/topic/Nope", List.of(Map.of(), Map.of()))).hasSize(2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
