package io.sfstream.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventShapesIntegrationTests {

    static final Instant NOW = Instant.parse("2026-11-20T13:44:56.891Z");

    SalesforceEmulator emulator;

    RawBayeux raw;

    // Not @EmbeddedSalesforce: an empty org per test, and a fixed clock.
    @BeforeEach
    void start() {
        this.emulator = SalesforceEmulator.builder()
            .pushTopic("AccountUpdates")
            .platformEvent("Order_Placed__e")
            .changeDataCapture("AccountChangeEvent")
            .genericChannel("Notifications")
            .clock(EmulatorClock.fixedAt(NOW))
            .connectTimeout(Duration.ofMillis(500))
            .start();
        this.raw = RawBayeux.connected(this.emulator);
    }

    @AfterEach
    void stop() {
        this.emulator.close();
    }

    @Test
    void pushTopicEventsCarryEventAndSobject() {
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        PublishedEvent published = this.emulator.publish("/topic/AccountUpdates", "deleted",
                Map.of("Id", "001000000000001AAA"));

        Map<String, Object> data = onlyEvent();
        assertThat(data).containsOnlyKeys("event", "sobject").containsEntry("sobject", published.data().get("sobject"));
        assertThat(RawBayeux.map(data.get("event"))).containsOnly(Map.entry("createdDate", "2026-11-20T13:44:56.891Z"),
                Map.entry("replayId", (int) published.replayId()), Map.entry("type", "deleted"));
    }

    @Test
    void genericEventsCarryAPayloadString() {
        this.raw.subscribe("/u/Notifications", Map.of("/u/Notifications", -1));
        this.emulator.publish("/u/Notifications", "hello");

        Map<String, Object> data = onlyEvent();
        assertThat(data).containsOnlyKeys("event", "payload").containsEntry("payload", "hello");
        assertThat(RawBayeux.map(data.get("event"))).containsOnlyKeys("createdDate", "replayId");
    }

    @Test
    void platformEventsCarrySchemaPayloadAndEvent() {
        this.raw.subscribe("/event/Order_Placed__e", Map.of("/event/Order_Placed__e", -1));
        this.emulator.publish("/event/Order_Placed__e", Map.of("Amount__c", 12.5));

        Map<String, Object> data = onlyEvent();
        assertThat(data).containsOnlyKeys("schema", "payload", "event");
        assertThat(RawBayeux.map(data.get("payload"))).containsEntry("CreatedDate", "2026-11-20T13:44:56.891Z")
            .containsEntry("Amount__c", 12.5)
            .containsKey("CreatedById");
        assertThat(RawBayeux.map(data.get("event"))).containsOnlyKeys("replayId", "EventUuid");
    }

    @Test
    void changeEventsCarryAHeaderAndAlsoGoToTheChangeEventsChannel() {
        this.raw.subscribe("/data/ChangeEvents", Map.of("/data/ChangeEvents", -1));
        PublishedEvent published = this.emulator.publish("/data/AccountChangeEvent",
                Map.of("Id", "001000000000001AAA", "Name", "Acme"));

        List<Map<String, Object>> messages = this.raw.connect();
        assertThat(messages.get(0)).containsEntry("channel", "/data/ChangeEvents");
        Map<String, Object> data = RawBayeux.map(messages.get(0).get("data"));
        assertThat(data).containsOnlyKeys("schema", "payload", "event");
        Map<String, Object> header = RawBayeux.map(RawBayeux.map(data.get("payload")).get("ChangeEventHeader"));
        assertThat(header).containsEntry("entityName", "Account")
            .containsEntry("changeType", "UPDATE")
            .containsEntry("recordIds", List.of("001000000000001AAA"))
            .containsEntry("commitTimestamp", NOW.toEpochMilli())
            .containsEntry("changedFields", List.of("Name"))
            .containsKeys("changeOrigin", "transactionKey", "sequenceNumber", "commitNumber", "commitUser");
        assertThat(RawBayeux.map(data.get("event"))).containsOnly(Map.entry("replayId", (int) published.replayId()));
    }

    @Test
    void restPublishOfAPlatformEventAnswers201AndDeliversIt() throws Exception {
        this.raw.subscribe("/event/Order_Placed__e", Map.of("/event/Order_Placed__e", -1));

        HttpResponse<String> response = rest("/services/data/v64.0/sobjects/Order_Placed__e",
                this.emulator.issueAccessToken());

        assertThat(response.statusCode()).isEqualTo(201);
        Map<String, Object> body = RawBayeux.JSON.readValue(response.body(), Map.class);
        assertThat(body).containsOnlyKeys("id", "success", "errors").containsEntry("success", true);
        assertThat((String) body.get("id")).startsWith("e00").hasSize(18);
        List<?> errors = (List<?>) body.get("errors");
        assertThat(errors).hasSize(1);
        Map<String, Object> enqueued = RawBayeux.map(errors.get(0));
        assertThat(enqueued).containsOnlyKeys("statusCode", "message", "fields")
            .containsEntry("statusCode", "OPERATION_ENQUEUED")
            .containsEntry("fields", List.of());
        Map<String, Object> delivered = onlyEvent();
        assertThat(RawBayeux.map(delivered.get("payload"))).containsEntry("Quantity__c", 3);
        assertThat(RawBayeux.map(delivered.get("event"))).containsEntry("EventUuid", enqueued.get("message"));
        assertThat((String) enqueued.get("message"))
            .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void restPublishWithoutAValidTokenAnswersInvalidSession() throws Exception {
        HttpResponse<String> response = rest("/services/data/v64.0/sobjects/Order_Placed__e", "bogus");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(RawBayeux.JSON.readValue(response.body(), List.class))
            .containsExactly(Map.of("message", "Session expired or invalid", "errorCode", "INVALID_SESSION_ID"));
    }

    @Test
    void restPublishOfAnUndeclaredEventAnswersNotFound() throws Exception {
        HttpResponse<String> response = rest("/services/data/v64.0/sobjects/Other__e",
                this.emulator.issueAccessToken());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("NOT_FOUND");
    }

    private HttpResponse<String> rest(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.emulator.myDomainUrl() + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"Quantity__c\":3}"))
            .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> onlyEvent() {
        List<Map<String, Object>> messages = this.raw.connect();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).doesNotContainKey("clientId");
        return RawBayeux.map(messages.get(0).get("data"));
    }

}
