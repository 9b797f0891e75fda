package io.sfstream.core.doubles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.auth.Authenticator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small Bayeux long-polling server on loopback (JDK {@code HttpServer}), written from
 * PROTOCOL.md and independent of the emulator (which is built on CometD's own server): it
 * answers handshake, subscribe and connect as Salesforce does, puts whatever text a test
 * hands it into {@code /meta/connect} responses, and answers the next connects as a test
 * scripts them: a server-initiated {@code /meta/disconnect} (both shapes of PROTOCOL
 * section 7), a connection that never answers, a front proxy's HTML error page, a
 * {@code multiple-clients} advice, a revoked token. Well-formed events sent with
 * {@link #event} are kept and replayed to a subscribe that asks for them. Every request
 * is logged with the token it carried. Thread-safe.
 */
public final class CraftedBayeuxServer implements AutoCloseable {

    /** The API version served. */
    public static final String API_VERSION = "64.0";

    private static final long HOLD_MILLIS = 300;

    private final JsonMapper json = JsonMapper.builder().build();

    private final HttpServer server;

    private final ExecutorService executor = Executors.newFixedThreadPool(16);

    /** Per client id, the raw JSON objects to put in its next connect responses. */
    private final Map<String, BlockingQueue<String>> queues = new ConcurrentHashMap<>();

    /** The client id handed out last: the session raw messages and events go to. */
    private volatile String currentClient = "none";

    /** What to do with the next connects, in order. */
    private final BlockingQueue<ConnectAnswer> connectAnswers = new LinkedBlockingQueue<>();

    /**
     * Well-formed events sent so far: replay id -> raw message, for replay on subscribe.
     */
    private final List<long[]> storedIds = new CopyOnWriteArrayList<>();

    private final List<String> stored = new CopyOnWriteArrayList<>();

    private final AtomicInteger clientIds = new AtomicInteger();

    private final AtomicInteger tokens = new AtomicInteger();

    /** Tokens this server accepts; {@code null} accepts any. */
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();

    private volatile boolean checkTokens;

    /** The advice's reconnect on a refused token. */
    private volatile String revokedAdvice = "none";

    /** Sessions the server ended: their requests get {@code 403::Unknown client}. */
    private final Set<String> endedSessions = ConcurrentHashMap.newKeySet();

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private final CountDownLatch closing = new CountDownLatch(1);

    /** One Bayeux message received, with the token its request carried. */
    public record Request(String channel, String clientId, @Nullable String token, boolean successful, long nanoTime) {
    }

    /** What the server does with one {@code /meta/connect}. */
    public sealed interface ConnectAnswer {

        /**
         * The held connect returns with its reply (advice {@code reconnect: none}) and a
         * {@code /meta/disconnect}.
         */
        record DisconnectWithConnectReply() implements ConnectAnswer {
        }

        /**
         * The held connect returns with nothing but a {@code /meta/disconnect} message.
         */
        record DisconnectAlone() implements ConnectAnswer {
        }

        /** The connect is accepted and never answered nor closed. */
        record BlackHole() implements ConnectAnswer {
        }

        /**
         * A front proxy answers instead of Salesforce.
         *
         * @param status the HTTP status
         * @param body the HTML page
         */
        record HttpError(int status, String body) implements ConnectAnswer {
        }

        /**
         * The connect is answered at once, successful, with advice
         * {@code multiple-clients}.
         *
         * @param intervalMillis the advised interval
         */
        record MultipleClients(long intervalMillis) implements ConnectAnswer {
        }

        /**
         * The connect fails with this error and advice.
         *
         * @param error the error
         * @param reconnect the advice's reconnect
         */
        record Failure(String error, String reconnect) implements ConnectAnswer {
        }

        /**
         * The body as is, not JSON.
         *
         * @param body the body
         */
        record RawBody(String body) implements ConnectAnswer {
        }

    }

    /**
     * Starts the server on a free loopback port.
     * @throws IOException when it cannot listen
     */
    public CraftedBayeuxServer() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/cometd/" + API_VERSION, this::handle);
        this.server.setExecutor(this.executor);
        this.server.start();
    }

    /**
     * The instance URL to connect to.
     * @return the URL
     */
    public URI instanceUrl() {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    /**
     * An authenticator whose tokens this server issues (and then checks: see
     * {@link #revokeTokens()}).
     * @return the authenticator, counting nothing
     */
    public Authenticator authenticator() {
        return () -> AccessToken.of(issueToken(), instanceUrl());
    }

    /**
     * Issues a new token and from then on accepts only issued, unrevoked tokens.
     * @return the token
     */
    public String issueToken() {
        String token = "crafted-token-" + this.tokens.incrementAndGet();
        this.validTokens.add(token);
        this.checkTokens = true;
        return token;
    }

    /**
     * Revokes every issued token: the next request gets
     * {@code 401::Authentication invalid}.
     */
    public void revokeTokens() {
        revokeTokens("none");
    }

    /**
     * Revokes every issued token: the next request gets
     * {@code 401::Authentication invalid} with this advice.
     * @param reconnect the advice's {@code reconnect} on refused requests ({@code none}
     * or {@code handshake})
     */
    public void revokeTokens(String reconnect) {
        this.revokedAdvice = reconnect;
        this.validTokens.clear();
    }

    /**
     * Returns how many handshakes were received.
     * @return the count
     */
    public int handshakes() {
        return (int) this.requests.stream().filter((request) -> request.channel().equals("/meta/handshake")).count();
    }

    /**
     * Returns every message received so far.
     * @return the requests, in order
     */
    public List<Request> requests() {
        return List.copyOf(this.requests);
    }

    /**
     * Answers the next connect as given, after the ones scripted before.
     * @param answer what to do
     */
    public void answerNextConnect(ConnectAnswer answer) {
        this.connectAnswers.add(answer);
    }

    /**
     * Sends a raw message (any text) in the next connect response, as an element of its
     * JSON array.
     * @param message the message text
     */
    public void raw(String message) {
        queue(this.currentClient).add(message);
    }

    private BlockingQueue<String> queue(String clientId) {
        return this.queues.computeIfAbsent(clientId, (id) -> new LinkedBlockingQueue<>());
    }

    /**
     * Answers the next connect with this body as is.
     * @param body the body
     */
    public void rawBody(String body) {
        answerNextConnect(new ConnectAnswer.RawBody(body));
    }

    /**
     * Sends a well-formed platform event, kept for replay.
     * @param channel the channel
     * @param replayId the replay id
     * @param payloadJson the payload
     */
    public void event(String channel, long replayId, String payloadJson) {
        String message = eventJson(channel, replayId, payloadJson);
        this.storedIds.add(new long[] { replayId });
        this.stored.add(message);
        raw(message);
    }

    /**
     * Stores a well-formed platform event without sending it, as one published while no
     * session listens: a subscribe from an earlier replay id replays it.
     * @param channel the channel
     * @param replayId the replay id
     * @param payloadJson the payload
     */
    public void store(String channel, long replayId, String payloadJson) {
        this.storedIds.add(new long[] { replayId });
        this.stored.add(eventJson(channel, replayId, payloadJson));
    }

    /**
     * The JSON of a platform event message.
     * @param channel the channel
     * @param replayId the replay id
     * @param payloadJson the payload
     * @return the message
     */
    public static String eventJson(String channel, long replayId, String payloadJson) {
        return "{\"channel\":\"" + channel + "\",\"data\":{\"schema\":\"s1\",\"payload\":" + payloadJson
                + ",\"event\":{\"replayId\":" + replayId + ",\"EventUuid\":\"u-" + replayId + "\"}}}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String token = bearer(exchange.getRequestHeaders().getFirst("Authorization"));
            JsonNode request = this.json.readTree(in);
            List<String> out = new ArrayList<>();
            String rawBody = null;
            for (JsonNode message : request) {
                String channel = message.path("channel").asString();
                String id = message.path("id").asString();
                String clientId = message.path("clientId").asString();
                if (this.checkTokens && (token == null || !this.validTokens.contains(token))) {
                    log(channel, clientId, token, false);
                    out.add(channel.equals("/meta/handshake")
                            ? failure(channel, id, clientId, "403::Handshake denied", "none",
                                    ",\"ext\":{\"sfdc\":{\"failureReason\":\"401::Authentication invalid\"}}")
                            : failure(channel, id, clientId, "401::Authentication invalid", this.revokedAdvice, ""));
                    continue;
                }
                if (!channel.equals("/meta/handshake") && this.endedSessions.contains(clientId)) {
                    log(channel, clientId, token, false);
                    out.add(failure(channel, id, clientId, "403::Unknown client", "handshake", ""));
                    continue;
                }
                switch (channel) {
                    case "/meta/handshake" -> {
                        String newClient = "c" + this.clientIds.incrementAndGet();
                        log(channel, newClient, token, true);
                        queue(newClient);
                        this.currentClient = newClient;
                        exchange.getResponseHeaders().add("Set-Cookie", "BAYEUX_BROWSER=b" + newClient);
                        out.add("{\"channel\":\"/meta/handshake\",\"id\":\"" + id + "\",\"successful\":true,"
                                + "\"clientId\":\"" + newClient + "\",\"version\":\"1.0\","
                                + "\"supportedConnectionTypes\":[\"long-polling\"],\"ext\":{\"replay\":true}}");
                    }
                    case "/meta/subscribe", "/meta/unsubscribe" -> {
                        log(channel, clientId, token, true);
                        String subscription = message.path("subscription").asString();
                        out.add("{\"channel\":\"" + channel + "\",\"id\":\"" + id + "\",\"clientId\":\"" + clientId
                                + "\",\"subscription\":\"" + subscription + "\",\"successful\":true}");
                        if (channel.equals("/meta/subscribe")) {
                            replay(clientId, message.path("ext").path("replay").path(subscription).asLong(-1));
                        }
                    }
                    case "/meta/connect" -> {
                        log(channel, clientId, token, true);
                        ConnectAnswer answer = this.connectAnswers.poll();
                        if (answer instanceof ConnectAnswer.BlackHole) {
                            blackHole();
                            return;
                        }
                        if (answer instanceof ConnectAnswer.HttpError error) {
                            send(exchange, error.status(), "text/html", error.body());
                            return;
                        }
                        if (answer instanceof ConnectAnswer.RawBody raw) {
                            rawBody = raw.body();
                            continue;
                        }
                        if (answer instanceof ConnectAnswer.Failure failure) {
                            out.add(failure(channel, id, clientId, failure.error(), failure.reconnect(), ""));
                            continue;
                        }
                        if (answer instanceof ConnectAnswer.MultipleClients multiple) {
                            out.add(connectReply(id, clientId, "{\"multiple-clients\":true,\"reconnect\":\"retry\","
                                    + "\"interval\":" + multiple.intervalMillis() + "}"));
                            continue;
                        }
                        out.addAll(drain(clientId));
                        if (answer instanceof ConnectAnswer.DisconnectWithConnectReply) {
                            this.endedSessions.add(clientId);
                            out.add(connectReply(id, clientId, "{\"reconnect\":\"none\"}"));
                            out.add(disconnect(clientId));
                        }
                        else if (answer instanceof ConnectAnswer.DisconnectAlone) {
                            this.endedSessions.add(clientId);
                            out.add(disconnect(clientId));
                        }
                        else {
                            out.add(connectReply(id, clientId,
                                    "{\"interval\":0,\"timeout\":" + HOLD_MILLIS + ",\"reconnect\":\"retry\"}"));
                        }
                    }
                    default -> {
                        log(channel, clientId, token, true);
                        out.add("{\"channel\":\"" + channel + "\",\"id\":\"" + id + "\",\"successful\":true}");
                    }
                }
            }
            send(exchange, 200, "application/json;charset=UTF-8",
                    (rawBody != null) ? rawBody : "[" + String.join(",", out) + "]");
        }
        catch (RuntimeException ex) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private void log(String channel, String clientId, @Nullable String token, boolean successful) {
        this.requests.add(new Request(channel, clientId, token, successful, System.nanoTime()));
    }

    private static @Nullable String bearer(@Nullable String header) {
        return (header != null && header.startsWith("Bearer ")) ? header.substring(7) : null;
    }

    private static String connectReply(String id, String clientId, String advice) {
        return "{\"channel\":\"/meta/connect\",\"id\":\"" + id + "\",\"clientId\":\"" + clientId
                + "\",\"successful\":true,\"advice\":" + advice + "}";
    }

    private static String disconnect(String clientId) {
        return "{\"channel\":\"/meta/disconnect\",\"clientId\":\"" + clientId + "\",\"successful\":true}";
    }

    private static String failure(String channel, String id, String clientId, String error, String reconnect,
            String more) {
        return "{\"channel\":\"" + channel + "\",\"id\":\"" + id + "\",\"clientId\":\"" + clientId
                + "\",\"successful\":false,\"error\":\"" + error + "\",\"advice\":{\"reconnect\":\"" + reconnect
                + "\",\"interval\":0}" + more + "}";
    }

    private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream response = exchange.getResponseBody()) {
            response.write(body);
        }
    }

    /** Holds the request, unanswered and open, until the server closes. */
    private void blackHole() {
        try {
            this.closing.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Replays the stored events after {@code from} (-2: all, -1: none), ahead of newer
     * ones.
     */
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
        this.closing.countDown();
        this.server.stop(0);
        this.executor.shutdownNow();
    }

}
