package io.sfstream.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {

    SalesforceEmulator emulator;

    RawBayeux raw;

    @BeforeEach
    void start() {
        emulator = SalesforceEmulator.builder()
            .pushTopic("AccountUpdates")
            .connectTimeout(Duration.ofMillis(800))
            .reconnectWindow(Duration.ofSeconds(2))
            .start();
        raw = RawBayeux.connected(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void expiredSessionsGetUnknownClientWithHandshakeAdviceButKeepTheirToken() {
        emulator.faults().expireAllSessions();

        Map<String, Object> connect = raw.connectReply();
        assertThat(connect).containsEntry("successful", false).containsEntry("error", "403::Unknown client");
        assertThat(RawBayeux.map(connect.get("advice"))).containsEntry("reconnect", "handshake");
        assertThat(raw.handshake()).containsEntry("successful", true);
    }

    @Test
    void aHeldConnectReturnsUnknownClientAsSoonAsSessionsExpire() throws Exception {
        Thread expirer = new Thread(() -> {
            sleep(200);
            emulator.faults().expireAllSessions();
        });
        expirer.start();
        long start = System.nanoTime();

        assertThat(raw.connectReply()).containsEntry("error", "403::Unknown client");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700));
        expirer.join();
    }

    @Test
    void aDroppedConnectResponseFailsOnTheWireButItsEventsStayReplayable() {
        PublishedEvent seen = emulator.publish("/topic/AccountUpdates", Map.of("Name", "seen"));
        raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        emulator.faults().dropNextConnectResponse();
        PublishedEvent lost = emulator.publish("/topic/AccountUpdates", Map.of("Name", "Acme"));

        assertThatThrownBy(raw::connect).isInstanceOf(java.io.UncheckedIOException.class);

        RawBayeux again = RawBayeux.of(emulator);
        again.handshake();
        again.connect();
        again.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", seen.replayId()));
        assertThat(ReplayTest.replayIds(again.connect())).containsExactly(lost.replayId());
    }

    @Test
    void onlyTheNextConnectResponseIsDropped() {
        raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        emulator.faults().dropNextConnectResponse();
        emulator.publish("/topic/AccountUpdates", Map.of("Name", "first"));
        assertThatThrownBy(raw::connect).isInstanceOf(java.io.UncheckedIOException.class);

        PublishedEvent second = emulator.publish("/topic/AccountUpdates", Map.of("Name", "second"));
        assertThat(ReplayTest.replayIds(raw.connect())).containsExactly(second.replayId());
    }

    @Test
    void delayedResponsesArriveLate() {
        emulator.faults().delayResponses(Duration.ofMillis(400));
        long start = System.nanoTime();
        raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        emulator.faults().delayResponses(Duration.ZERO);
        start = System.nanoTime();
        raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
    }

    @Test
    void theNextSubscribesFailAsServerTooBusy() {
        emulator.faults().failNextSubscribes(2);

        for (int i = 0; i < 2; i++) {
            Map<String, Object> reply = raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
            assertThat(reply).containsEntry("successful", false)
                .containsEntry("error", "403:denied_by_security_policy:subscribe_denied");
            assertThat(RawBayeux.map(RawBayeux.map(reply.get("ext")).get("sfdc"))).containsEntry("failureReason",
                    "503::Server is too busy. Please try your request again later.");
        }
        assertThat(raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1)))
            .containsEntry("successful", true);
    }

    @Test
    void handshakesBeyondTheConcurrentClientLimitAreDenied() {
        emulator.faults().concurrentClientLimit(1);

        Map<String, Object> reply = RawBayeux.of(emulator).handshake();

        assertThat(reply).containsEntry("successful", false).containsEntry("error", "403::Handshake denied");
        assertThat(RawBayeux.map(RawBayeux.map(reply.get("ext")).get("sfdc"))).containsEntry("failureReason",
                "403::Organization concurrent user limit exceeded");
        emulator.faults().reset();
        assertThat(RawBayeux.of(emulator).handshake()).containsEntry("successful", true);
    }

    @Test
    void theDailyLimitRefusesConnectsAndSubscribes() {
        emulator.faults().dailyLimitExceeded(true);

        assertThat(raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1))).containsEntry("error",
                "403::Organization total events daily limit exceeded");
        assertThat(raw.connectReply()).containsEntry("successful", false)
            .containsEntry("error", "403::Organization total events daily limit exceeded");
        emulator.faults().dailyLimitExceeded(false);
        assertThat(raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1)))
            .containsEntry("successful", true);
    }

    @Test
    void theDailyLimitRefusesHandshakesToo() {
        emulator.faults().dailyLimitExceeded(true);

        Map<String, Object> reply = RawBayeux.of(emulator).handshake();

        assertThat(reply).containsEntry("channel", "/meta/handshake")
            .containsEntry("successful", false)
            .containsEntry("error", "403::Organization total events daily limit exceeded");
        assertThat(RawBayeux.map(reply.get("advice"))).containsEntry("reconnect", "none");
        assertThat(raw.connectReply()).containsEntry("error", "403::Organization total events daily limit exceeded");
    }

    @Test
    void aDailyLimitForAPeriodEndsByItself() throws Exception {
        emulator.faults().dailyLimitExceeded(Duration.ofMillis(600));

        assertThat(RawBayeux.of(emulator).handshake()).containsEntry("error",
                "403::Organization total events daily limit exceeded");
        assertThat(raw.connectReply()).containsEntry("error", "403::Organization total events daily limit exceeded");
        NetworkFaultsTest.awaitTrue(() -> Boolean.TRUE.equals(RawBayeux.of(emulator).handshake().get("successful")),
                Duration.ofSeconds(5));
        assertThat(raw.connectReply()).containsEntry("successful", true);
        assertThatThrownBy(() -> emulator.faults().dailyLimitExceeded(Duration.ZERO))
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
            ServerDisconnectTest.awaitHeld(slow, client, 3);
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
        String token = emulator.issueAccessToken();
        int port = emulator.port();
        PublishedEvent before = emulator.publish("/topic/AccountUpdates", Map.of("Name", "before"));

        emulator.stop();
        assertThatThrownBy(() -> new RawBayeux(emulator.cometdUrl("64.0"), token).handshake())
            .isInstanceOf(java.io.UncheckedIOException.class);
        emulator.restart();

        assertThat(emulator.port()).isEqualTo(port);
        assertThat(raw.connectReply()).containsEntry("error", "403::Unknown client");
        PublishedEvent after = emulator.publish("/topic/AccountUpdates", Map.of("Name", "after"));
        assertThat(after.replayId()).isGreaterThan(before.replayId());
        RawBayeux client = new RawBayeux(emulator.cometdUrl("64.0"), token);
        assertThat(client.handshake()).containsEntry("successful", true);
        client.connect();
        client.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -2));
        assertThat(ReplayTest.replayIds(client.connect())).containsExactly(before.replayId(), after.replayId());
    }

    @Test
    void publishingToAnUndeclaredChannelIsRefused() {
        assertThatThrownBy(() -> emulator.publish("/topic/Nope", Map.of()))
            .isInstanceOf(IllegalArgumentException.class);
        emulator.declarePushTopic("Nope");
        assertThat(emulator.publishBatch("/topic/Nope", List.of(Map.of(), Map.of()))).hasSize(2);
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
