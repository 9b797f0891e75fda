package io.sfstream.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sfstream.emulator.junit.EmbeddedSalesforce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What real networks do: black holes, front proxies answering for Salesforce, two long
 * polls of one browser.
 */
@EmbeddedSalesforce(pushTopics = "AccountUpdates", platformEvents = "Order_Placed__e",
        connectTimeoutMillis = NetworkFaultsIntegrationTests.HOLD_MILLIS, reconnectWindowMillis = 5000,
        newOrgPerTest = true)
class NetworkFaultsIntegrationTests {

    static final long HOLD_MILLIS = 800;

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
    void aBlackHoledConnectStaysUnansweredWhileEventsAreStoredForAReplay() throws Exception {
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        this.emulator.faults().blackHoleNext(BlackHole.CONNECT);

        CompletableFuture<List<Map<String, Object>>> swallowed = this.raw.connectAsync();
        PublishedEvent published = this.emulator.publish("/topic/AccountUpdates", Map.of("Name", "meanwhile"));

        // a held connect would have returned after HOLD, with the event at once: nothing
        // comes, the socket stays open
        assertThatThrownBy(() -> swallowed.get(HOLD.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS))
            .isInstanceOf(TimeoutException.class);
        RawBayeux again = RawBayeux.connected(this.emulator);
        again.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -2));
        assertThat(ReplayIntegrationTests.replayIds(again.connect())).containsExactly(published.replayId());

        this.emulator.faults().reset();
        assertThatThrownBy(() -> swallowed.get(5, TimeUnit.SECONDS)).as("reset closes the connection")
            .isInstanceOf(ExecutionException.class);
    }

    @Test
    void onlyTheNextRequestOfThatKindIsSwallowed() throws Exception {
        this.emulator.faults().blackHoleNext(BlackHole.HANDSHAKE);
        RawBayeux first = RawBayeux.of(this.emulator);
        CompletableFuture<HttpResponse<String>> swallowed = first.postAsync("/handshake",
                RawBayeux.JSON.writeValueAsString(List.of(first.handshakeMessage())));

        assertThat(this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1)))
            .as("other kinds pass")
            .containsEntry("successful", true);
        assertThat(RawBayeux.of(this.emulator).handshake()).containsEntry("successful", true);
        assertThat(swallowed).isNotDone();
        assertThat(this.emulator.observations().handshakes()).as("the swallowed handshake created no session")
            .hasSize(2);

        this.emulator.stop();
        assertThatThrownBy(() -> swallowed.get(5, TimeUnit.SECONDS)).as("stop closes the connection")
            .isInstanceOf(ExecutionException.class);
    }

    @Test
    void aBlackHoledSubscribeSubscribesNothing() throws Exception {
        this.emulator.faults().blackHoleNext(BlackHole.SUBSCRIBE);

        CompletableFuture<HttpResponse<String>> swallowed = this.raw
            .postAsync("/subscribe", RawBayeux.JSON.writeValueAsString(
                    List.of(this.raw.subscribeMessage("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1)))));

        assertThatThrownBy(() -> swallowed.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(this.emulator.observations().subscribers("/topic/AccountUpdates")).isEmpty();
        assertThat(this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1)))
            .containsEntry("successful", true);
        this.emulator.close();
        assertThatThrownBy(() -> swallowed.get(5, TimeUnit.SECONDS)).as("close closes the connection")
            .isInstanceOf(ExecutionException.class);
    }

    @Test
    void aFrontProxyAnswersBayeuxRequestsWithAnHtmlPageForAPeriod() throws Exception {
        this.emulator.faults().frontProxyErrors(502, Duration.ofMillis(700));

        HttpResponse<String> handshake = RawBayeux.of(this.emulator)
            .post("/handshake", RawBayeux.JSON.writeValueAsString(List.of(this.raw.handshakeMessage())));
        HttpResponse<String> connect = this.raw.post("/connect",
                RawBayeux.JSON.writeValueAsString(List.of(this.raw.connectMessage())));

        for (HttpResponse<String> response : List.of(handshake, connect)) {
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(response.body()).isEqualTo("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                    + "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n");
        }
        assertThat(this.emulator.observations().requestsPerClientId().get(this.raw.clientId)).as("CometD saw nothing")
            .isEqualTo(1L);
        assertThat(this.emulator.publish("/event/Order_Placed__e", Map.of()).replayId()).as("publishing works")
            .isPositive();
        await("a connect answered by CometD again").atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> this.raw
                .post("/connect", RawBayeux.JSON.writeValueAsString(List.of(this.raw.connectMessage())))
                .statusCode() == 200);
    }

    @Test
    void aFrontProxyAnswers503And504TooButNothingElse() {
        for (int status : List.of(503, 504)) {
            this.emulator.faults().frontProxyErrors(status, Duration.ofSeconds(30));
            HttpResponse<String> response = this.raw.post("/connect",
                    RawBayeux.JSON.writeValueAsString(List.of(this.raw.connectMessage())));
            String title = status + (status == 503 ? " Service Unavailable" : " Gateway Timeout");
            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.body()).contains("<title>" + title + "</title>", "<h1>" + title + "</h1>");
        }
        this.emulator.faults().reset();
        assertThat(this.raw.connectReply()).containsEntry("successful", true);
        assertThatThrownBy(() -> this.emulator.faults().frontProxyErrors(500, Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> this.emulator.faults().frontProxyErrors(502, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSecondLongPollOfTheSameBrowserIsAnsweredAtOnceWithMultipleClientsAdvice() throws Exception {
        try (SalesforceEmulator custom = SalesforceEmulator.builder()
            .connectTimeout(Duration.ofMillis(1500))
            .multiSessionInterval(Duration.ofMillis(1500))
            .start()) {
            RawBayeux tab1 = RawBayeux.connected(custom);
            RawBayeux tab2 = new RawBayeux(custom.cometdUrl("64.0"), custom.issueAccessToken(), tab1.cookies);
            tab2.handshake();
            tab2.connect();
            CompletableFuture<List<Map<String, Object>>> held = tab1.connectAsync();
            ServerDisconnectIntegrationTests.awaitHeld(custom, tab1, 2);
            long start = System.nanoTime();

            Map<String, Object> reply = tab2.connectReply();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(reply).containsEntry("successful", true)
                .containsEntry("clientId", tab2.clientId)
                .containsEntry("advice", Map.of("multiple-clients", true, "reconnect", "retry", "interval", 1500));
            assertThat(held).isNotDone();
            assertThat(held.get(5, TimeUnit.SECONDS)).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("successful", true));
        }
    }

    @Test
    void theMultipleClientsFaultAnswersEveryConnectAtOnceForAPeriod() throws Exception {
        this.emulator.faults().multipleClients(Duration.ofMillis(250), Duration.ofSeconds(1));

        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            Map<String, Object> reply = this.raw.connectReply();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HOLD.dividedBy(2));
            assertThat(reply).containsEntry("successful", true)
                .containsEntry("advice", Map.of("multiple-clients", true, "reconnect", "retry", "interval", 250));
        }
        await("a connect held again, without multiple-clients advice").atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> {
                long start = System.nanoTime();
                Map<String, Object> reply = this.raw.connectReply();
                return !RawBayeux.map(reply.get("advice")).containsKey("multiple-clients")
                        && Duration.ofNanos(System.nanoTime() - start).compareTo(HOLD.dividedBy(2)) > 0;
            });
    }

}
