package io.sfstream.emulator;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standalone control endpoint: every fault and publishing over HTTP. */
class ControlEndpointIntegrationTests {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    SalesforceEmulator emulator;

    RawBayeux raw;

    // Not @EmbeddedSalesforce: an empty org per test, an event declared with fields.
    @BeforeEach
    void start() {
        this.emulator = SalesforceEmulator.builder()
            .pushTopic("AccountUpdates")
            .platformEvent("Order__e", "OrderNumber__c")
            .connectTimeout(Duration.ofMillis(800))
            .start();
        this.raw = RawBayeux.connected(this.emulator);
    }

    @AfterEach
    void stop() {
        this.emulator.close();
    }

    @Test
    void theListingCoversEveryFault() throws Exception {
        HttpResponse<String> response = send("GET", "/emulator/faults", null);

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> faults = RawBayeux.map(RawBayeux.JSON.readValue(response.body(), Map.class).get("faults"));
        List<String> methods = Arrays.stream(Faults.class.getDeclaredMethods())
            .filter(m -> Modifier.isPublic(m.getModifiers()))
            .map(Method::getName)
            .distinct()
            .toList();
        assertThat(faults.keySet()).containsExactlyInAnyOrderElementsOf(methods);
    }

    @Test
    void aFaultIsSetWithQueryParametersAndClearedWithReset() throws Exception {
        HttpResponse<String> response = send("POST", "/emulator/faults/frontProxyErrors?status=503&period=PT30S", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(RawBayeux.JSON.readValue(response.body(), Map.class))
            .isEqualTo(Map.of("fault", "frontProxyErrors", "parameters", Map.of("status", 503, "period", "PT30S")));
        assertThat(this.raw.post("/connect", RawBayeux.JSON.writeValueAsString(List.of(this.raw.connectMessage())))
            .statusCode()).isEqualTo(503);
        assertThat(send("POST", "/emulator/faults/reset", null).statusCode()).isEqualTo(200);
        assertThat(this.raw.connectReply()).containsEntry("successful", true);
    }

    @Test
    void sessionFaultsTakeFormParameters() throws Exception {
        CompletableFuture<List<Map<String, Object>>> held = this.raw.connectAsync();
        ServerDisconnectIntegrationTests.awaitHeld(this.emulator, this.raw, 2);

        HttpResponse<String> response = send("POST", "/emulator/faults/disconnectSession",
                "clientId=" + this.raw.clientId + "&shape=alone");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(held.get(3, TimeUnit.SECONDS))
            .containsExactly(Map.of("channel", "/meta/disconnect", "clientId", this.raw.clientId, "successful", true));
        RawBayeux fresh = RawBayeux.connected(this.emulator);
        assertThat(send("POST", "/emulator/faults/multipleClients?interval=250ms&period=2s", null).statusCode())
            .isEqualTo(200);
        assertThat(fresh.connectReply()).containsEntry("advice",
                Map.of("multiple-clients", true, "reconnect", "retry", "interval", 250));
        assertThat(send("POST", "/emulator/faults/blackHoleNext?request=connect", null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/emulator/faults/reset", null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/emulator/faults/blackHoleNext?request=CONNECT", null).statusCode()).isEqualTo(200);
        CompletableFuture<List<Map<String, Object>>> swallowed = fresh.connectAsync();
        assertThatThrownBy(() -> swallowed.get(1200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(send("POST", "/emulator/faults/reset", null).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> swallowed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void everyFaultAnswersOkWithItsParameters() throws Exception {
        Map<String, String> calls = new java.util.LinkedHashMap<>();
        calls.put("dropNextConnectResponse", "");
        calls.put("delayResponses", "delay=0");
        calls.put("failNextSubscribes", "count=1");
        calls.put("failNextTokenRequests", "count=0");
        calls.put("concurrentClientLimit", "max=100");
        calls.put("dailyLimitExceeded", "exceeded=false");
        calls.put("rotateStickyCookie", "");
        calls.put("disconnectAllSessions", "shape=WITH_CONNECT_REPLY");
        calls.put("expireAllSessions", "");
        calls.put("revokeAllTokens", "");
        calls.put("reset", "");
        for (Map.Entry<String, String> call : calls.entrySet()) {
            HttpResponse<String> response = send("POST", "/emulator/faults/" + call.getKey() + "?" + call.getValue(),
                    null);
            assertThat(response.statusCode()).as(call.getKey()).isEqualTo(200);
            assertThat(RawBayeux.JSON.readValue(response.body(), Map.class)).containsEntry("fault", call.getKey());
        }
        HttpResponse<String> daily = send("POST", "/emulator/faults/dailyLimitExceeded?period=PT0.5S", null);
        assertThat(RawBayeux.JSON.readValue(daily.body(), Map.class)).containsEntry("parameters",
                Map.of("period", "PT0.5S"));
        assertThat(this.raw.connectReply()).as("tokens were revoked over HTTP")
            .containsEntry("error", "401::Authentication invalid");
    }

    @Test
    void badCallsAreRefusedWithJsonErrors() throws Exception {
        assertError(send("POST", "/emulator/faults/noSuchFault", null), 404, "Unknown fault");
        assertError(send("POST", "/emulator/faults/disconnectSession", null), 400, "Missing parameter clientId");
        assertError(send("POST", "/emulator/faults/disconnectSession?clientId=nope", null), 400, "nope");
        assertError(send("POST", "/emulator/faults/blackHoleNext?request=PUBLISH", null), 400, "Not a BlackHole");
        assertError(send("POST", "/emulator/faults/frontProxyErrors?status=500&period=1s", null), 400, "500");
        assertError(send("POST", "/emulator/faults/multipleClients?interval=soon&period=1s", null), 400,
                "not a duration");
        assertError(send("GET", "/emulator/faults/reset", null), 405, "POST");
        assertError(send("POST", "/emulator/publish?channel=/topic/Nope", "{}"), 400, "not declared");
        assertError(send("POST", "/emulator/publish?channel=/event/Order__e", "{\"Foo__c\":1}"), 400,
                "No such column 'Foo__c'");
    }

    @Test
    void publishStoresOneEventOrABatch() throws Exception {
        this.raw.subscribe("/event/Order__e", Map.of("/event/Order__e", -1));

        HttpResponse<String> one = send("POST", "/emulator/publish?channel=/event/Order__e",
                "{\"OrderNumber__c\":\"A-1\"}");
        HttpResponse<String> batch = send("POST", "/emulator/publish?channel=/event/Order__e",
                "[{\"OrderNumber__c\":\"A-2\"},{\"OrderNumber__c\":\"A-3\"}]");
        HttpResponse<String> typed = send("POST", "/emulator/publish?channel=/topic/AccountUpdates&type=updated",
                "{\"Name\":\"Acme\"}");

        assertThat(one.statusCode()).isEqualTo(200);
        Map<String, Object> published = RawBayeux.JSON.readValue(one.body(), Map.class);
        assertThat(published).containsKeys("channel", "replayId", "createdAt", "eventUuid", "data");
        assertThat(RawBayeux.JSON.readValue(batch.body(), List.class)).hasSize(2);
        assertThat(RawBayeux
            .map(RawBayeux.map(RawBayeux.JSON.readValue(typed.body(), Map.class).get("data")).get("event")))
            .containsEntry("type", "updated");
        List<Map<String, Object>> delivered = this.raw.connect();
        assertThat(delivered).filteredOn(m -> "/event/Order__e".equals(m.get("channel"))).hasSize(3);
        assertThat(RawBayeux.map(RawBayeux.map(delivered.get(0).get("data")).get("event")))
            .containsEntry("EventUuid", published.get("eventUuid"))
            .containsEntry("replayId", published.get("replayId"));
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.emulator.myDomainUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", body.startsWith("{") || body.startsWith("[") ? "application/json"
                    : "application/x-www-form-urlencoded");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String text) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat((String) RawBayeux.JSON.readValue(response.body(), Map.class).get("error"))
            .containsIgnoringCase(text);
    }

}
