package io.sfstream.emulator;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hand-written long-polling Bayeux client over java.net.http, to check the wire format
 * exactly.
 */
final class RawBayeux {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final CookieManager cookies;

    final HttpClient http;

    private final URI endpoint;

    private final AtomicInteger ids = new AtomicInteger();

    String authorization;

    String clientId;

    volatile HttpResponse<String> lastResponse;

    /**
     * A raw client of the emulator's Bayeux endpoint with a fresh access token, not yet
     * handshaken.
     */
    static RawBayeux of(SalesforceEmulator emulator) {
        return new RawBayeux(emulator.cometdUrl("64.0"), emulator.issueAccessToken());
    }

    /**
     * A raw client of the emulator's Bayeux endpoint, handshaken and with a first connect
     * answered.
     */
    static RawBayeux connected(SalesforceEmulator emulator) {
        RawBayeux raw = of(emulator);
        raw.handshake();
        raw.connect();
        return raw;
    }

    RawBayeux(URI endpoint, String accessToken) {
        this(endpoint, accessToken, new CookieManager());
    }

    /** A client sharing a cookie store with others, as the tabs of one browser do. */
    RawBayeux(URI endpoint, String accessToken, CookieManager cookies) {
        this.endpoint = endpoint;
        this.authorization = "Bearer " + accessToken;
        this.cookies = cookies;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
    }

    Map<String, Object> handshake() {
        return handshake(Map.of("replay", true));
    }

    Map<String, Object> handshake(Map<String, Object> ext) {
        Map<String, Object> message = message("/meta/handshake");
        message.put("version", "1.0");
        message.put("minimumVersion", "1.0");
        message.put("supportedConnectionTypes", List.of("long-polling"));
        message.put("ext", ext);
        Map<String, Object> reply = send("/handshake", message).get(0);
        if (Boolean.TRUE.equals(reply.get("successful"))) {
            this.clientId = (String) reply.get("clientId");
        }
        return reply;
    }

    /** Sends a connect; returns every message of the response, the connect reply last. */
    List<Map<String, Object>> connect() {
        return send("/connect", connectMessage());
    }

    /** Sends a connect without waiting for its response (which the server may hold). */
    CompletableFuture<List<Map<String, Object>>> connectAsync() {
        return postAsync("/connect", JSON.writeValueAsString(List.of(connectMessage()))).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            }
            return parse(response.body());
        });
    }

    Map<String, Object> connectMessage() {
        Map<String, Object> message = message("/meta/connect");
        message.put("clientId", this.clientId);
        message.put("connectionType", "long-polling");
        return message;
    }

    Map<String, Object> handshakeMessage() {
        Map<String, Object> message = message("/meta/handshake");
        message.put("version", "1.0");
        message.put("minimumVersion", "1.0");
        message.put("supportedConnectionTypes", List.of("long-polling"));
        message.put("ext", Map.of("replay", true));
        return message;
    }

    Map<String, Object> subscribeMessage(String channel, Map<String, Object> replay) {
        Map<String, Object> message = message("/meta/subscribe");
        message.put("clientId", this.clientId);
        message.put("subscription", channel);
        message.put("ext", Map.of("replay", replay));
        return message;
    }

    Map<String, Object> connectReply() {
        List<Map<String, Object>> messages = connect();
        return messages.stream().filter(m -> "/meta/connect".equals(m.get("channel"))).findFirst().orElseThrow();
    }

    Map<String, Object> subscribe(String channel, Map<String, Object> replay) {
        Map<String, Object> message = message("/meta/subscribe");
        message.put("clientId", this.clientId);
        message.put("subscription", channel);
        message.put("ext", Map.of("replay", replay));
        return send("/subscribe", message).stream()
            .filter(m -> "/meta/subscribe".equals(m.get("channel")))
            .findFirst()
            .orElseThrow();
    }

    Map<String, Object> message(String channel) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("channel", channel);
        message.put("id", Integer.toString(this.ids.incrementAndGet()));
        return message;
    }

    List<Map<String, Object>> send(String suffix, Map<String, Object> message) {
        HttpResponse<String> response = post(suffix, JSON.writeValueAsString(List.of(message)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    static List<Map<String, Object>> parse(String body) {
        return new ArrayList<>(JSON.readValue(body, new TypeReference<List<Map<String, Object>>>() {
        }));
    }

    /** Posts without waiting; the request may stay unanswered for up to a minute. */
    CompletableFuture<HttpResponse<String>> postAsync(String suffix, String body) {
        return this.http
            .sendAsync(request(suffix, body).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString())
            .thenApply(response -> {
                this.lastResponse = response;
                return response;
            });
    }

    private HttpRequest.Builder request(String suffix, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.endpoint + suffix))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json;charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (this.authorization != null) {
            request.header("Authorization", this.authorization);
        }
        return request;
    }

    HttpResponse<String> post(String suffix, String body) {
        try {
            HttpResponse<String> response = this.http.send(request(suffix, body).build(),
                    HttpResponse.BodyHandlers.ofString());
            this.lastResponse = response;
            return response;
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

}
