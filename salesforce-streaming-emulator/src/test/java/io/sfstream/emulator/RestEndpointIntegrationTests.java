package io.sfstream.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The REST publish endpoint and the error pages, as third-party clients see them. */
class RestEndpointIntegrationTests {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    SalesforceEmulator emulator;

    String token;

    // Not @EmbeddedSalesforce: an empty org per test, an event declared with fields.
    @BeforeEach
    void start() {
        this.emulator = SalesforceEmulator.builder()
            .platformEvent("Order__e", "OrderNumber__c", "Amount__c")
            .platformEvent("Anything__e")
            .connectTimeout(java.time.Duration.ofMillis(500))
            .start();
        this.token = this.emulator.issueAccessToken();
    }

    @AfterEach
    void stop() {
        this.emulator.close();
    }

    @Test
    void anUndeclaredFieldIsRefusedAndNothingIsStored() throws Exception {
        HttpResponse<String> response = send("POST", "/services/data/v64.0/sobjects/Order__e",
                "{\"OrderNumber__c\":\"A-1\",\"Foo__c\":1}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertJson(response);
        assertThat(RawBayeux.JSON.readValue(response.body(), List.class)).containsExactly(
                Map.of("message", "No such column 'Foo__c' on sobject of type Order__e", "errorCode", "INVALID_FIELD"));
        assertThatThrownBy(() -> this.emulator.publish("/event/Order__e", Map.of("Bar__c", 1)))
            .isInstanceOf(InvalidFieldException.class)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("No such column 'Bar__c' on sobject of type Order__e");
        RawBayeux raw = RawBayeux.connected(this.emulator);
        raw.subscribe("/event/Order__e", Map.of("/event/Order__e", -2));
        assertThat(ReplayIntegrationTests.replayIds(raw.connect())).isEmpty();
    }

    @Test
    void declaredFieldsMatchWithoutRegardToCaseAndAreDeliveredAsDeclared() throws Exception {
        HttpResponse<String> response = send("POST", "/services/data/v64.0/sobjects/Order__e",
                "{\"ordernumber__c\":\"A-1\",\"AMOUNT__C\":12.5}");

        assertThat(response.statusCode()).isEqualTo(201);
        PublishedEvent viaJava = this.emulator.publish("/event/Order__e", Map.of("OrderNumber__c", "A-2"));
        RawBayeux raw = RawBayeux.connected(this.emulator);
        raw.subscribe("/event/Order__e", Map.of("/event/Order__e", -2));
        List<Map<String, Object>> events = raw.connect();
        assertThat(RawBayeux.map(RawBayeux.map(events.get(0).get("data")).get("payload")))
            .containsEntry("OrderNumber__c", "A-1")
            .containsEntry("Amount__c", 12.5)
            .doesNotContainKey("ordernumber__c");
        assertThat(viaJava.eventUuid())
            .isEqualTo(RawBayeux.map(RawBayeux.map(events.get(1).get("data")).get("event")).get("EventUuid"));
    }

    @Test
    void anEventWithoutDeclaredFieldsAcceptsAnyAndRuntimeDeclarationsCount() throws Exception {
        assertThat(send("POST", "/services/data/v64.0/sobjects/Anything__e", "{\"Whatever__c\":true}").statusCode())
            .isEqualTo(201);

        this.emulator.declarePlatformEvent("Anything__e", "Only__c");

        assertThat(send("POST", "/services/data/v64.0/sobjects/Anything__e", "{\"Whatever__c\":true}").statusCode())
            .isEqualTo(400);
        assertThat(this.emulator.publish("/event/Anything__e", Map.of("only__c", 1)).data().get("payload"))
            .satisfies(p -> assertThat(RawBayeux.map(p)).containsEntry("Only__c", 1));
        assertThat(this.emulator.publish("/event/Anything__e", Map.of()).eventUuid()).isNotBlank();
    }

    @Test
    void unknownPathsAnswerSalesforcesNotFoundInJson() throws Exception {
        for (HttpResponse<String> response : List.of(send("GET", "/nothing/here", null),
                send("POST", "/services/data/v64.0/query", "{}"),
                send("POST", "/services/data/v64.0/sobjects/Account", "{}"),
                send("POST", "/services/data/v64.0/sobjects/Undeclared__e", "{}"))) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertJson(response);
            assertThat(RawBayeux.JSON.readValue(response.body(), List.class))
                .containsExactly(Map.of("message", "The requested resource does not exist", "errorCode", "NOT_FOUND"));
        }
    }

    @Test
    void unparseableAndNonObjectBodiesAnswerJsonParserError() throws Exception {
        HttpResponse<String> garbage = send("POST", "/services/data/v64.0/sobjects/Order__e", "{\"OrderNumber__c\":");
        HttpResponse<String> array = send("POST", "/services/data/v64.0/sobjects/Order__e",
                "[{\"OrderNumber__c\":\"A\"}]");

        for (HttpResponse<String> response : List.of(garbage, array)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertJson(response);
            assertThat(RawBayeux.JSON.readValue(response.body(), List.class)).singleElement()
                .satisfies(e -> assertThat(RawBayeux.map(e)).containsEntry("errorCode", "JSON_PARSER_ERROR")
                    .containsKey("message"));
        }
        assertThat(array.body()).contains("START_ARRAY");
    }

    @Test
    void otherMethodsAndOtherEndpointsAnswerJsonToo() throws Exception {
        HttpResponse<String> get = send("GET", "/services/data/v64.0/sobjects/Order__e", null);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(RawBayeux.JSON.readValue(get.body(), List.class)).containsExactly(Map.of("message",
                "HTTP Method 'GET' not allowed. Allowed are POST", "errorCode", "METHOD_NOT_ALLOWED"));

        HttpResponse<String> tokenGet = send("GET", "/services/oauth2/token", null);
        assertThat(tokenGet.statusCode()).isEqualTo(400);
        assertThat(RawBayeux.JSON.readValue(tokenGet.body(), Map.class)).containsEntry("error", "invalid_request")
            .containsEntry("error_description", "must use HTTP POST");

        HttpResponse<String> cometdGet = send("GET", "/cometd/64.0", null);
        assertThat(cometdGet.statusCode()).isEqualTo(400);
        assertJson(cometdGet);
        assertThat(cometdGet.body()).doesNotContain("<html");
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.emulator.myDomainUrl() + path))
            .header("Authorization", "Bearer " + this.token)
            .header("Content-Type", "application/json")
            .method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertJson(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("content-type"))
            .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

}
