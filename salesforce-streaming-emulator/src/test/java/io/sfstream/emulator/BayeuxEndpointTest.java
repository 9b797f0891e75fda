package io.sfstream.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BayeuxEndpointTest {

    SalesforceEmulator emulator;

    RawBayeux raw;

    @BeforeEach
    void start() {
        emulator = SalesforceEmulator.builder()
            .pushTopic("AccountUpdates")
            .connectTimeout(Duration.ofMillis(800))
            .reconnectWindow(Duration.ofSeconds(1))
            .start();
        raw = RawBayeux.of(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void handshakeEchoesReplayAndSetsTheBrowserCookies() {
        Map<String, Object> reply = raw.handshake();

        assertThat(reply).containsEntry("successful", true)
            .containsEntry("channel", "/meta/handshake")
            .containsEntry("supportedConnectionTypes", List.of("long-polling"));
        assertThat(RawBayeux.map(reply.get("ext"))).containsOnly(Map.entry("replay", true),
                Map.entry("payload.format", true));
        assertThat(raw.cookies.getCookieStore().getCookies()).extracting(HttpCookie::getName)
            .contains("BAYEUX_BROWSER", "BrowserId");
    }

    @Test
    void handshakeWithoutReplayExtGetsNoReplayEcho() {
        assertThat(raw.handshake(Map.of())).containsEntry("successful", true).doesNotContainKey("ext");
    }

    @Test
    void handshakeWithoutAnAuthorizationHeaderIsDeniedAsRequiringAuthentication() {
        raw.authorization = null;
        assertHandshakeDenied(raw.handshake(), "401::Request requires authentication");
    }

    @Test
    void handshakeWithABadTokenIsDeniedWithAuthenticationInvalid() {
        raw.authorization = "Bearer 00D000000000001!AQbogus";
        assertHandshakeDenied(raw.handshake(), "401::Authentication invalid");
    }

    @Test
    void requestsWithoutAnAuthorizationHeaderGet401RequestRequiresAuthentication() {
        raw.handshake();
        raw.connect();
        String token = raw.authorization;
        raw.authorization = null;

        Map<String, Object> connect = raw.connectReply();
        assertThat(connect).containsEntry("successful", false)
            .containsEntry("error", "401::Request requires authentication");
        assertThat(RawBayeux.map(connect.get("advice"))).containsEntry("reconnect", "none");
        Map<String, Object> subscribe = raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        assertThat(subscribe).containsEntry("successful", false)
            .containsEntry("error", "401::Request requires authentication");

        raw.authorization = "Bearer bogus";
        assertThat(raw.connectReply()).containsEntry("error", "401::Authentication invalid");
        raw.authorization = token;
        assertThat(raw.connectReply()).containsEntry("error", "403::Unknown client");
    }

    @Test
    void theOAuthAuthorizationSchemeIsAccepted() {
        raw.authorization = "OAuth " + emulator.issueAccessToken();
        assertThat(raw.handshake()).containsEntry("successful", true);
    }

    @Test
    void connectAfterTokenRevocationGets401AndTheNextHandshakeIsDenied() {
        raw.handshake();
        raw.connect();
        emulator.faults().revokeAllTokens();

        Map<String, Object> connect = raw.connectReply();
        assertThat(connect).containsEntry("successful", false).containsEntry("error", "401::Authentication invalid");
        assertThat(RawBayeux.map(connect.get("advice"))).containsEntry("reconnect", "none");
        assertHandshakeDenied(raw.handshake(), "401::Authentication invalid");

        raw.authorization = "Bearer " + emulator.issueAccessToken();
        assertThat(raw.handshake()).containsEntry("successful", true);
    }

    @Test
    void connectAdviceMatchesSalesforce() {
        try (SalesforceEmulator defaults = SalesforceEmulator.builder().start()) {
            RawBayeux client = new RawBayeux(defaults.cometdUrl("64.0"), defaults.issueAccessToken());
            client.handshake();
            Map<String, Object> connect = client.connectReply();
            assertThat(connect).containsEntry("successful", true).containsEntry("clientId", client.clientId);
            assertThat(RawBayeux.map(connect.get("advice"))).containsOnly(Map.entry("interval", 0),
                    Map.entry("timeout", 110000), Map.entry("reconnect", "retry"));
        }
    }

    @Test
    void connectIsHeldForTheConnectTimeoutWhenNothingHappens() {
        raw.handshake();
        raw.connect();
        long start = System.nanoTime();

        assertThat(raw.connectReply()).containsEntry("successful", true);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(600));
    }

    @Test
    void aClientSilentLongerThanTheReconnectWindowIsAnUnknownClient() throws Exception {
        raw.handshake();
        raw.connect();
        Thread.sleep(2200);

        Map<String, Object> connect = raw.connectReply();
        assertThat(connect).containsEntry("successful", false).containsEntry("error", "403::Unknown client");
        assertThat(RawBayeux.map(connect.get("advice"))).containsEntry("reconnect", "handshake");
    }

    @Test
    void apiVersionsBelow37AreRejected() {
        RawBayeux old = new RawBayeux(emulator.cometdUrl("36.0"), emulator.issueAccessToken());
        Map<String, Object> reply = old.handshake();
        assertThat(reply).containsEntry("successful", false);
        assertThat((String) reply.get("error")).startsWith("400::API version 36.0 is not supported");
    }

    @Test
    void theRetiredDurableEndpointAnswersWithTheVersionError() {
        RawBayeux old = new RawBayeux(java.net.URI.create(emulator.myDomainUrl() + "/cometd/replay/36.0"),
                emulator.issueAccessToken());
        assertThat(old.handshake()).containsEntry("successful", false)
            .containsEntry("error", "400::API version 36.0 is not supported by the Streaming API; use 37.0 or later");
    }

    @Test
    void aSingleMessageObjectInsteadOfAnArrayGets400OnHandshakeConnectAndSubscribe() {
        assertRefusedBody(raw.post("/handshake", RawBayeux.JSON.writeValueAsString(raw.handshakeMessage())),
                "The request body must be a JSON array of Bayeux messages");
        raw.handshake();
        assertRefusedBody(raw.post("/connect", RawBayeux.JSON.writeValueAsString(raw.connectMessage())),
                "The request body must be a JSON array of Bayeux messages");
        Map<String, Object> subscribe = raw.subscribeMessage("/topic/AccountUpdates",
                Map.of("/topic/AccountUpdates", -1));
        assertRefusedBody(raw.post("/subscribe", RawBayeux.JSON.writeValueAsString(subscribe)),
                "The request body must be a JSON array of Bayeux messages");
        assertThat(emulator.observations().subscribes()).as("CometD never saw it").isEmpty();

        assertThat(raw.post("/subscribe", RawBayeux.JSON.writeValueAsString(List.of(subscribe))).statusCode())
            .isEqualTo(200);
    }

    @Test
    void anUnparseableBodyGets400WithAJsonError() {
        raw.handshake();
        var response = raw.post("/connect", "[{\"channel\":\"/meta/connect\",");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(RawBayeux.JSON.readValue(response.body(), List.class)).singleElement()
            .satisfies(e -> assertThat(RawBayeux.map(e)).containsEntry("errorCode", "JSON_PARSER_ERROR")
                .hasEntrySatisfying("message", m -> assertThat((String) m).contains("line:1")));
        assertThat(raw.post("/connect", "").statusCode()).isEqualTo(400);
    }

    @Test
    void theBareEndpointWithoutMessageTypeSuffixWorksToo() {
        Map<String, Object> message = raw.message("/meta/handshake");
        message.put("version", "1.0");
        message.put("supportedConnectionTypes", List.of("long-polling"));
        assertThat(raw.send("", message).get(0)).containsEntry("successful", true);
    }

    @Test
    void handshakeOfferingOnlyOtherConnectionTypesIsRefused() {
        Map<String, Object> message = raw.message("/meta/handshake");
        message.put("version", "1.0");
        message.put("supportedConnectionTypes", List.of("websocket", "callback-polling"));
        Map<String, Object> reply = raw.send("/handshake", message).get(0);
        assertThat(reply).containsEntry("successful", false);
        assertThat((String) reply.get("error")).contains("Invalid connection type");
    }

    @Test
    void connectWithAnotherConnectionTypeIsRefused() {
        raw.handshake();
        Map<String, Object> message = raw.message("/meta/connect");
        message.put("clientId", raw.clientId);
        message.put("connectionType", "websocket");
        Map<String, Object> reply = raw.send("/connect", message).get(0);
        assertThat(reply).containsEntry("successful", false);
        assertThat((String) reply.get("error")).contains("Invalid connection type");
    }

    @Test
    void requestsWithoutTheBayeuxBrowserCookieAreRefused() {
        raw.handshake();
        raw.cookies.getCookieStore().removeAll();

        assertThat(raw.connectReply()).containsEntry("successful", false)
            .containsEntry("error",
                    "400::Client " + raw.clientId + " has established a session, but no BAYEUX_BROWSER cookie present");
    }

    @Test
    void requestBodiesOver32KiBGet413() {
        raw.handshake();
        String big = "[{\"channel\":\"/meta/connect\",\"data\":\"" + "x".repeat(33_000) + "\"}]";
        var response = raw.post("/connect", big);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("Maximum Request Size Exceeded");
    }

    @Test
    void subscribingToAnUndeclaredChannelFails() {
        raw.handshake();
        assertThat(raw.subscribe("/topic/Nope", Map.of("/topic/Nope", -1))).containsEntry("successful", false)
            .containsEntry("error", "400::The channel you requested to subscribe to does not exist {/topic/Nope}");
    }

    @Test
    void clientsCannotPublishToStreamingChannels() {
        raw.handshake();
        Map<String, Object> publish = raw.message("/topic/AccountUpdates");
        publish.put("clientId", raw.clientId);
        publish.put("data", Map.of("x", 1));
        assertThat(raw.send("", publish).get(0)).containsEntry("successful", false);
    }

    @Test
    void requestsAreCountedPerClientId() {
        raw.handshake();
        raw.connect();
        raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));

        assertThat(emulator.observations().requestsPerClientId()).containsEntry(raw.clientId, 2L);
        assertThat(emulator.observations().subscribers("/topic/AccountUpdates")).containsExactly(raw.clientId);
        assertThat(emulator.observations().handshakes()).singleElement()
            .satisfies(h -> assertThat(h.clientId()).isEqualTo(raw.clientId));
    }

    private static void assertRefusedBody(java.net.http.HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(RawBayeux.JSON.readValue(response.body(), List.class))
            .containsExactly(Map.of("message", message, "errorCode", "JSON_PARSER_ERROR"));
    }

    private static void assertHandshakeDenied(Map<String, Object> reply, String failureReason) {
        assertThat(reply).containsEntry("successful", false).containsEntry("error", "403::Handshake denied");
        assertThat(RawBayeux.map(RawBayeux.map(reply.get("ext")).get("sfdc"))).containsEntry("failureReason",
                failureReason);
        assertThat(RawBayeux.map(reply.get("advice"))).containsEntry("reconnect", "none");
    }

}
