package io.sfstream.core.client.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.sfstream.core.doubles.CraftedBayeuxServer;
import io.sfstream.core.doubles.CraftedBayeuxServer.ConnectAnswer;
import io.sfstream.core.doubles.CraftedBayeuxServer.Request;
import io.sfstream.core.http.HttpSettings;
import org.cometd.client.BayeuxClient;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CometD client of a session never reconnects nor handshakes on its own, whatever the
 * server advises: only the session driver starts sessions, so every request the server
 * sees is one the client's log accounts for.
 */
class SupervisedBayeuxClientIntegrationTests {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    private CraftedBayeuxServer server;

    private HttpClient httpClient;

    private BayeuxClient client;

    @BeforeEach
    void start() throws Exception {
        this.server = new CraftedBayeuxServer();
        this.httpClient = HttpClients.create(HttpSettings.direct());
        String token = this.server.issueToken();
        BearerTransport transport = new BearerTransport(new HashMap<>(), this.scheduler, this.httpClient, () -> token,
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        this.client = new SupervisedBayeuxClient(
                this.server.instanceUrl() + "/cometd/" + CraftedBayeuxServer.API_VERSION, this.scheduler, transport);
        this.client.handshake();
        assertThat(this.client.waitFor(5_000, BayeuxClient.State.CONNECTED)).isTrue();
    }

    @AfterEach
    void stop() {
        this.client.abort();
        HttpClients.stop(this.httpClient);
        this.scheduler.shutdownNow();
        this.server.close();
    }

    @Test
    void aConnectFailureAdvisingHandshakeEndsTheClientWithoutAHandshake() {
        this.server.answerNextConnect(new ConnectAnswer.Failure("403::Unknown client", "handshake"));
        assertStopsWithoutAnotherHandshake();
    }

    @Test
    void aRefusedTokenAdvisingHandshakeEndsTheClientWithoutAHandshake() {
        this.server.revokeTokens("handshake");
        assertStopsWithoutAnotherHandshake();
    }

    @Test
    void aConnectThatTimesOutEndsTheClientWithoutARetry() throws Exception {
        this.server.answerNextConnect(new ConnectAnswer.BlackHole());
        assertThat(this.client.waitFor(15_000, BayeuxClient.State.DISCONNECTED)).isTrue();
        int connects = count("/meta/connect");
        Thread.sleep(1_000);
        assertThat(count("/meta/connect")).as("no retry after the timeout").isEqualTo(connects);
        assertThat(count("/meta/handshake")).isEqualTo(1);
    }

    private void assertStopsWithoutAnotherHandshake() {
        assertThat(this.client.waitFor(5_000, BayeuxClient.State.DISCONNECTED)).isTrue();
        // A client left to itself would be REHANDSHAKING now, and handshake again after
        // its back-off.
        assertThat(this.client.waitFor(1_000, BayeuxClient.State.HANDSHAKING, BayeuxClient.State.REHANDSHAKING))
            .isFalse();
        List<Request> handshakes = this.server.requests()
            .stream()
            .filter((request) -> request.channel().equals("/meta/handshake"))
            .toList();
        assertThat(handshakes).hasSize(1);
    }

    private int count(String channel) {
        return (int) this.server.requests().stream().filter((request) -> request.channel().equals(channel)).count();
    }

}
