package io.sfstream.emulator;

import java.net.HttpCookie;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.sfstream.emulator.junit.EmbeddedSalesforce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@EmbeddedSalesforce(pushTopics = "AccountUpdates", connectTimeoutMillis = 800, reconnectWindowMillis = 1000,
        newOrgPerTest = true)
class BayeuxEndpointIntegrationTests {

    SalesforceEmulator emulator;

    RawBayeux raw;

    // A new org per test: each test needs an empty one.
    @BeforeEach
    void start(SalesforceEmulator emulator) {
        this.emulator = emulator;
        this.raw = RawBayeux.of(emulator);
    }

    @Test
    void handshakeEchoesReplayAndSetsTheBrowserCookies() {
        Map<String, Object> reply = this.raw.handshake();

        assertThat(reply).containsEntry("successful", true)
            .containsEntry("channel", "/meta/handshake")
            .containsEntry("supportedConnectionTypes", List.of("long-polling"));
        assertThat(RawBayeux.map(reply.get("ext"))).containsOnly(Map.entry("replay", true),
                Map.entry("payload.format", true));
        assertThat(this.raw.cookies.getCookieStore().getCookies()).extracting(HttpCookie::getName)
            .contains("BAYEUX_BROWSER", "BrowserId");
    }

    @Test
    void handshakeWithoutReplayExtGetsNoReplayEcho() {
        assertThat(this.raw.handshake(Map.of())).containsEntry("successful", true).doesNotContainKey("ext");
    }

    @Test
    void handshakeWithoutAnAuthorizationHeaderIsDeniedAsRequiringAuthentication() {
        this.raw.authorization = null;
        assertHandshakeDenied(this.raw.handshake(), "401::Request requires authentication");
    }

    @Test
    void handshakeWithABadTokenIsDeniedWithAuthenticationInvalid() {
        this.raw.authorization = "Bearer 00D000000000001!AQbogus";
        assertHandshakeDenied(this.raw.handshake(), "401::Authentication invalid");
    }

    @Test
    void requestsWithoutAnAuthorizationHeaderGet401RequestRequiresAuthentication() {
        this.raw.handshake();
        this.raw.connect();
        String token = this.raw.authorization;
        this.raw.authorization = null;

        Map<String, Object> connect = this.raw.connectReply();
        assertThat(connect).containsEntry("successful", false)
            .containsEntry("error", "401::Request requires authentication");
        assertThat(RawBayeux.map(connect.get("advice"))).containsEntry("reconnect", "none");
        Map<String, Object> subscribe = this.raw.subscribe("/topic/AccountUpdates",
                Map.of("/topic/AccountUpdates", -1));
        assertThat(subscribe).containsEntry("successful", false)
            .containsEntry("error", "401::Request requires authentication");

        this.raw.authorization = "Bearer bogus";
        assertThat(this.raw.connectReply()).containsEntry("error", "401::Authentication invalid");
        this.raw.authorization = token;
        assertThat(this.raw.connectReply()).containsEntry("error", "403::Unknown client");
    }

    @Test
    void theOAuthAuthorizationSchemeIsAccepted() {
        this.raw.authorization = "OAuth " + this.emulator.issueAccessToken();
        assertThat(this.raw.handshake()).containsEntry("successful", true);
    }

    @Test
    void connectAfterTokenRevocationGets401AndTheNextHandshakeIsDenied() {
        this.raw.handshake();
        this.raw.connect();
        this.emulator.faults().revokeAllTokens();

        Map<String, Object> connect = this.raw.connectReply();
        assertThat(connect).containsEntry("successful", false).containsEntry("error", "401::Authentication invalid");
        assertThat(RawBayeux.map(connect.get("advice"))).containsEntry("reconnect", "none");
        assertHandshakeDenied(this.raw.handshake(), "401::Authentication invalid");

        this.raw.authorization = "Bearer " + this.emulator.issueAccessToken();
        assertThat(this.raw.handshake()).containsEntry("successful", true);
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
        this.raw.handshake();
        this.raw.connect();
        long start = System.nanoTime();

        assertThat(this.raw.connectReply()).containsEntry("successful", true);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(600));
    }

    @Test
    void aClientSilentLongerThanTheReconnectWindowIsAnUnknownClient() throws Exception {
        this.raw.handshake();
        this.raw.connect();
        Thread.sleep(2200);

        Map<String, Object> connect = this.raw.connectReply();
        assertThat(connect).containsEntry("successful", false).containsEntry("error", "403::Unknown client");
        assertThat(RawBayeux.map(connect.get("advice"))).containsEntry("reconnect", "handshake");
    }

    @Test
    void apiVersionsBelow37AreRejected() {
        RawBayeux old = new RawBayeux(this.emulator.cometdUrl("36.0"), this.emulator.issueAccessToken());
        Map<String, Object> reply = old.handshake();
        assertThat(reply).containsEntry("successful", false);
        assertThat((String) reply.get("error")).startsWith("400::API version 36.0 is not supported");
    }

    @Test
    void theRetiredDurableEndpointAnswersWithTheVersionError() {
        RawBayeux old = new RawBayeux(java.net.URI.create(this.emulator.myDomainUrl() + "/cometd/replay/36.0"),
                this.emulator.issueAccessToken());
        assertThat(old.handshake()).containsEntry("successful", false)
            .containsEntry("error", "400::API version 36.0 is not supported by the Streaming API; use 37.0 or later");
    }

    @Test
    void aSingleMessageObjectInsteadOfAnArrayGets400OnHandshakeConnectAndSubscribe() {
        assertRefusedBody(this.raw.post("/handshake", RawBayeux.JSON.writeValueAsString(this.raw.handshakeMessage())),
                "The request body must be a JSON array of Bayeux messages");
        this.raw.handshake();
        assertRefusedBody(this.raw.post("/connect", RawBayeux.JSON.writeValueAsString(this.raw.connectMessage())),
                "The request body must be a JSON array of Bayeux messages");
        Map<String, Object> subscribe = this.raw.subscribeMessage("/topic/AccountUpdates",
                Map.of("/topic/AccountUpdates", -1));
        assertRefusedBody(this.raw.post("/subscribe", RawBayeux.JSON.writeValueAsString(subscribe)),
                "The request body must be a JSON array of Bayeux messages");
        assertThat(this.emulator.observations().subscribes()).as("CometD never saw it").isEmpty();

        assertThat(this.raw.post("/subscribe", RawBayeux.JSON.writeValueAsString(List.of(subscribe))).statusCode())
            .isEqualTo(200);
    }

    @Test
    void anUnparseableBodyGets400WithAJsonError() {
        this.raw.handshake();
        var response = this.raw.post("/connect", "[{\"channel\":\"/meta/connect\",");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(RawBayeux.JSON.readValue(response.body(), List.class)).singleElement()
            .satisfies(e -> assertThat(RawBayeux.map(e)).containsEntry("errorCode", "JSON_PARSER_ERROR")
                .hasEntrySatisfying("message", m -> assertThat((String) m).contains("line:1")));
        assertThat(this.raw.post("/connect", "").statusCode()).isEqualTo(400);
    }

    @Test
    void theBareEndpointWithoutMessageTypeSuffixWorksToo() {
        Map<String, Object> message = this.raw.message("/meta/handshake");
        message.put("version", "1.0");
        message.put("supportedConnectionTypes", List.of("long-polling"));
        assertThat(this.raw.send("", message).get(0)).containsEntry("successful", true);
    }

    @Test
    void handshakeOfferingOnlyOtherConnectionTypesIsRefused() {
        Map<String, Object> message = this.raw.message("/meta/handshake");
        message.put("version", "1.0");
        message.put("supportedConnectionTypes", List.of("websocket", "callback-polling"));
        Map<String, Object> reply = this.raw.send("/handshake", message).get(0);
        assertThat(reply).containsEntry("successful", false);
        assertThat((String) reply.get("error")).contains("Invalid connection type");
    }

    @Test
    void connectWithAnotherConnectionTypeIsRefused() {
        this.raw.handshake();
        Map<String, Object> message = this.raw.message("/meta/connect");
        message.put("clientId", this.raw.clientId);
        message.put("connectionType", "websocket");
        Map<String, Object> reply = this.raw.send("/connect", message).get(0);
        assertThat(reply).containsEntry("successful", false);
        assertThat((String) reply.get("error")).contains("Invalid connection type");
    }

    @Test
    void requestsWithoutTheBayeuxBrowserCookieAreRefused() {
        this.raw.handshake();
        this.raw.cookies.getCookieStore().removeAll();

        assertThat(this.raw.connectReply()).containsEntry("successful", false)
            .containsEntry("error", "400::Client " + this.raw.clientId
                    + " has established a session, but no BAYEUX_BROWSER cookie present");
    }

    @Test
    void requestBodiesOver32KiBGet413() {
        this.raw.handshake();
        String big = "[{\"channel\":\"/meta/connect\",\"data\":\"" + "x".repeat(33_000) + "\"}]";
        var response = this.raw.post("/connect", big);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("Maximum Request Size Exceeded");
    }

    @Test
    void subscribingToAnUndeclaredChannelFails() {
        this.raw.handshake();
        assertThat(this.raw.subscribe("/topic/Nope", Map.of("/topic/Nope", -1))).containsEntry("successful", false)
            .containsEntry("error", "400::The channel you requested to subscribe to does not exist {/topic/Nope}");
    }

    @Test
    void clientsCannotPublishToStreamingChannels() {
        this.raw.handshake();
        Map<String, Object> publish = this.raw.message("/topic/AccountUpdates");
        publish.put("clientId", this.raw.clientId);
        publish.put("data", Map.of("x", 1));
        assertThat(this.raw.send("", publish).get(0)).containsEntry("successful", false);
    }

    @Test
    void requestsAreCountedPerClientId() {
        this.raw.handshake();
        this.raw.connect();
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));

        assertThat(this.emulator.observations().requestsPerClientId()).containsEntry(this.raw.clientId, 2L);
        assertThat(this.emulator.observations().subscribers("/topic/AccountUpdates"))
            .containsExactly(this.raw.clientId);
        assertThat(this.emulator.observations().handshakes()).singleElement()
            .satisfies(h -> assertThat(h.clientId()).isEqualTo(this.raw.clientId));
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
