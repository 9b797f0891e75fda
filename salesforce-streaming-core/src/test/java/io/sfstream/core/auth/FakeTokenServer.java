package io.sfstream.core.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A token endpoint on 127.0.0.1 that records every request and answers what the test
 * queued, or a Salesforce-shaped token when nothing is queued.
 */
final class FakeTokenServer implements AutoCloseable {

    static final String ACCESS_TOKEN = "00Dxx0000001gPL!AQ4AQFake.Access.Token";

    static final String ORG_ID = "00Dxx0000001gPLEAY";

    static final String ISSUED_AT = "1767225600000";

    static final String TOKEN_JSON = "{\"access_token\":\"" + ACCESS_TOKEN + "\","
            + "\"instance_url\":\"https://acme.my.salesforce.com/\"," + "\"id\":\"https://login.salesforce.com/id/"
            + ORG_ID + "/005xx000001SwiUAAS\"," + "\"token_type\":\"Bearer\",\"issued_at\":\"" + ISSUED_AT
            + "\",\"signature\":\"c2lnbmF0dXJl\"}";

    private final HttpServer server;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private final CountDownLatch closed = new CountDownLatch(1);

    private FakeTokenServer() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.setExecutor(this.executor);
        this.server.createContext("/", this::handle);
        this.server.start();
    }

    static FakeTokenServer start() {
        try {
            return new FakeTokenServer();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    LoginUrl loginUrl() {
        return LoginUrl.of("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    /** Queues one answer. */
    FakeTokenServer answer(int status, String contentType, String body) {
        this.answers.add(new Answer(status, contentType, body, Duration.ZERO));
        return this;
    }

    FakeTokenServer answerJson(int status, String json) {
        return answer(status, "application/json;charset=UTF-8", json);
    }

    /** Queues an answer that comes only after the delay (or when the server closes). */
    FakeTokenServer answerAfter(Duration delay) {
        this.answers.add(new Answer(200, "application/json", TOKEN_JSON, delay));
        return this;
    }

    List<RecordedRequest> requests() {
        return List.copyOf(this.requests);
    }

    RecordedRequest lastRequest() {
        return this.requests.get(this.requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            this.requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, decode(body)));
            Answer answer = this.answers.poll();
            if (answer == null) {
                answer = new Answer(200, "application/json;charset=UTF-8", TOKEN_JSON, Duration.ZERO);
            }
            if (!answer.delay().isZero()) {
                this.closed.await(answer.delay().toMillis(), TimeUnit.MILLISECONDS);
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Map.Entry<String, String>> decode(String body) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (body.isEmpty()) {
            return params;
        }
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            String name = (equals < 0) ? pair : pair.substring(0, equals);
            String value = (equals < 0) ? "" : pair.substring(equals + 1);
            params.add(Map.entry(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8)));
        }
        return params;
    }

    @Override
    public void close() {
        this.closed.countDown();
        this.server.stop(0);
        this.executor.shutdownNow();
    }

    private record Answer(int status, String contentType, String body, Duration delay) {
    }

    /**
     * One request as the server received it.
     *
     * @param params the decoded form parameters, in order, duplicates kept
     */
    record RecordedRequest(String method, String path, String contentType, String body,
            List<Map.Entry<String, String>> params) {

        /** The form as a map; fails if a parameter is repeated. */
        Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            for (Map.Entry<String, String> param : this.params) {
                if (form.put(param.getKey(), param.getValue()) != null) {
                    throw new AssertionError("form parameter " + param.getKey() + " sent twice");
                }
            }
            return form;
        }
    }

}
