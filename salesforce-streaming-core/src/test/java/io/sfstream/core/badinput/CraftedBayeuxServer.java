package io.sfstream.core.badinput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small Bayeux long-polling server on loopback (JDK {@code HttpServer}) that answers handshake, subscribe and
 * connect as Salesforce does, and puts whatever text a test hands it into {@code /meta/connect} responses: events
 * that are malformed, oversize or on channels nobody subscribed, or a body that is not JSON at all. Well-formed
 * events sent with {@link #event} are kept and replayed to a subscribe that asks for them, as Salesforce does. The
 * emulator publishes well-formed events only, hence this server. Thread-safe.
 */
final class CraftedBayeuxServer implements AutoCloseable {

    static final String API_VERSION = "64.0";

    private static final long HOLD_MILLIS = 300;

    private final JsonMapper json = JsonMapper.builder().build();

    private final HttpServer server;

    /** Per client id, the raw JSON objects to put in its next connect responses. */
    private final Map<String, BlockingQueue<String>> queues = new ConcurrentHashMap<>();

    /** The client id handed out last: the session raw messages and events go to. */
    private volatile String currentClient = "none";

    /** A raw body to answer the next connect with, instead of JSON. */
    private final BlockingQueue<String> rawBodies = new LinkedBlockingQueue<>();

    /** Well-formed events sent so far: replay id -> raw message, for replay on subscribe. */
    private final List<long[]> storedIds = new CopyOnWriteArrayList<>();

    private final List<String> stored = new CopyOnWriteArrayList<>();

    private final AtomicInteger handshakes = new AtomicInteger();

    private final AtomicInteger clientIds = new AtomicInteger();

    CraftedBayeuxServer() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/cometd/" + API_VERSION, this::handle);
        this.server.setExecutor(Executors.newFixedThreadPool(8));
        this.server.start();
    }

    URI instanceUrl() {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    int handshakes() {
        return this.handshakes.get();
    }

    /** Sends a raw message (any text) in the next connect response, as an element of its JSON array. */
    void raw(String message) {
        queue(this.currentClient).add(message);
    }

    private BlockingQueue<String> queue(String clientId) {
        return this.queues.computeIfAbsent(clientId, (id) -> new LinkedBlockingQueue<>());
    }

    /** Answers the next connect with this body as is. */
    void rawBody(String body) {
        this.rawBodies.add(body);
    }

    /** Sends a well-formed platform event, kept for replay. */
    void event(String channel, long replayId, String payloadJson) {
        String message = eventJson(channel, replayId, payloadJson);
        this.storedIds.add(new long[] { replayId });
        this.stored.add(message);
        raw(message);
    }

    static String eventJson(String channel, long replayId, String payloadJson) {
        return "{\"channel\":\"" + channel + "\",\"data\":{\"schema\":\"s1\",\"payload\":" + payloadJson
                + ",\"event\":{\"replayId\":" + replayId + ",\"EventUuid\":\"u-" + replayId + "\"}}}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            JsonNode request = this.json.readTree(in);
            List<String> out = new ArrayList<>();
            String rawBody = null;
            for (JsonNode message : request) {
                String channel = message.path("channel").asString();
                String id = message.path("id").asString();
                switch (channel) {
                    case "/meta/handshake" -> {
                        this.handshakes.incrementAndGet();
                        String clientId = "c" + this.clientIds.incrementAndGet();
                        queue(clientId);
                        this.currentClient = clientId;
                        exchange.getResponseHeaders().add("Set-Cookie", "BAYEUX_BROWSER=b" + clientId);
                        out.add("{\"channel\":\"/meta/handshake\",\"id\":\"" + id + "\",\"successful\":true,"
                                + "\"clientId\":\"" + clientId + "\",\"version\":\"1.0\","
                                + "\"supportedConnectionTypes\":[\"long-polling\"],\"ext\":{\"replay\":true}}");
                    }
                    case "/meta/subscribe", "/meta/unsubscribe" -> {
                        String subscription = message.path("subscription").asString();
                        out.add("{\"channel\":\"" + channel + "\",\"id\":\"" + id + "\",\"clientId\":\""
                                + message.path("clientId").asString() + "\",\"subscription\":\"" + subscription
                                + "\",\"successful\":true}");
                        if (channel.equals("/meta/subscribe")) {
                            replay(message.path("clientId").asString(),
                                    message.path("ext").path("replay").path(subscription).asLong(-1));
                        }
                    }
                    case "/meta/connect" -> {
                        rawBody = this.rawBodies.poll();
                        if (rawBody == null) {
                            out.addAll(drain(message.path("clientId").asString()));
                        }
                        out.add("{\"channel\":\"/meta/connect\",\"id\":\"" + id + "\",\"clientId\":\""
                                + message.path("clientId").asString() + "\",\"successful\":true,"
                                + "\"advice\":{\"interval\":0,\"timeout\":" + HOLD_MILLIS
                                + ",\"reconnect\":\"retry\"}}");
                    }
                    default -> out.add("{\"channel\":\"" + channel + "\",\"id\":\"" + id + "\",\"successful\":true}");
                }
            }
            byte[] body = ((rawBody != null) ? rawBody : "[" + String.join(",", out) + "]")
                .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(body);
            }
        }
        catch (RuntimeException ex) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    /** Replays the stored events after {@code from} (-2: all, -1: none), ahead of newer ones. */
    private void replay(String clientId, long from) {
        if (from == -1) {
            return;
        }
        List<String> again = new ArrayList<>();
        for (int i = 0; i < this.stored.size(); i++) {
            if (from == -2 || this.storedIds.get(i)[0] > from) {
                again.add(this.stored.get(i));
            }
        }
        BlockingQueue<String> pending = queue(clientId);
        pending.clear();
        pending.addAll(again);
    }

    private List<String> drain(String clientId) {
        List<String> messages = new ArrayList<>();
        BlockingQueue<String> pending = queue(clientId);
        try {
            String first = pending.poll(HOLD_MILLIS, TimeUnit.MILLISECONDS);
            if (first != null) {
                messages.add(first);
                pending.drainTo(messages);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return messages;
    }

    @Override
    public void close() {
        this.server.stop(0);
        ((java.util.concurrent.ExecutorService) this.server.getExecutor()).shutdownNow();
    }

}
