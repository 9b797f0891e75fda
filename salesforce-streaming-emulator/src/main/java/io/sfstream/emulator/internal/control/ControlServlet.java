package io.sfstream.emulator.internal.control;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sfstream.emulator.BlackHole;
import io.sfstream.emulator.Faults;
import io.sfstream.emulator.PublishedEvent;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.ServerDisconnect;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control endpoint, for the standalone emulator (and any client that is not in the
 * JVM), answering JSON:
 * <ul>
 * <li>{@code GET /emulator/faults}: the faults and their parameters;</li>
 * <li>{@code POST /emulator/faults/{name}}: calls {@link Faults}{@code .name(...)},
 * parameters in the query string or a form body (durations as ISO-8601, {@code PT2S}, or
 * milliseconds, {@code 2000}, or {@code 2s}); answers
 * {@code {"fault":"name","parameters":{...}}};</li>
 * <li>{@code POST /emulator/publish?channel=/topic/X[&type=updated]} with a JSON object
 * (one event) or an array of objects (a batch): publishes as
 * {@link SalesforceEmulator#publish(String, Map)} does; answers the stored events
 * ({@code channel}, {@code replayId}, {@code createdAt}, {@code eventUuid},
 * {@code data}).</li>
 * </ul>
 * Errors: {@code 400 {"error":"..."}} for a bad parameter, {@code 404} for an unknown
 * fault or path, {@code 405} for another method. It is served wherever the emulator
 * listens: loopback only unless the emulator is bound to another address.
 */
public final class ControlServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern FAULT = Pattern.compile("^/faults/([A-Za-z]+)/?$");

    private static final Pattern MILLIS = Pattern.compile("^(\\d+)(ms|s)?$");

    /** Fault name to its parameters, for {@code GET /emulator/faults}. */
    private static final Map<String, String> FAULTS = faults();

    private final transient SalesforceEmulator emulator;

    /**
     * Creates the endpoint.
     * @param emulator the emulator it controls
     */
    public ControlServlet(SalesforceEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            if (path.equals("/faults") || path.equals("/faults/") || path.isEmpty() || path.equals("/")) {
                if (!"GET".equals(request.getMethod())) {
                    write(response, 405, Map.of("error", "Use GET " + request.getServletPath() + "/faults"));
                    return;
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("faults", FAULTS);
                body.put("publish", "POST " + request.getServletPath() + "/publish?channel=/topic/X[&type=updated] "
                        + "with a JSON object (one event) or array (a batch)");
                write(response, 200, body);
                return;
            }
            if (!"POST".equals(request.getMethod())) {
                write(response, 405, Map.of("error", "Use POST"));
                return;
            }
            if (path.equals("/publish") || path.equals("/publish/")) {
                publish(request, response);
                return;
            }
            Matcher fault = FAULT.matcher(path);
            if (!fault.matches() || !FAULTS.containsKey(fault.group(1))) {
                write(response, 404, Map.of("error", "Unknown fault: " + path, "faults", FAULTS.keySet()));
                return;
            }
            Map<String, Object> parameters = apply(fault.group(1), request);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("fault", fault.group(1));
            body.put("parameters", parameters);
            write(response, 200, body);
        }
        catch (IllegalArgumentException | IllegalStateException e) {
            write(response, 400, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private Map<String, Object> apply(String name, HttpServletRequest request) {
        Faults faults = this.emulator.faults();
        Map<String, Object> used = new TreeMap<>();
        switch (name) {
            case "revokeAllTokens" -> faults.revokeAllTokens();
            case "expireAllSessions" -> faults.expireAllSessions();
            case "dropNextConnectResponse" -> faults.dropNextConnectResponse();
            case "rotateStickyCookie" -> faults.rotateStickyCookie();
            case "reset" -> faults.reset();
            case "delayResponses" -> faults.delayResponses(duration(request, "delay", used));
            case "failNextSubscribes" -> faults.failNextSubscribes(integer(request, "count", used));
            case "failNextTokenRequests" -> faults.failNextTokenRequests(integer(request, "count", used));
            case "concurrentClientLimit" -> faults.concurrentClientLimit(integer(request, "max", used));
            case "dailyLimitExceeded" -> {
                if (request.getParameter("period") != null) {
                    faults.dailyLimitExceeded(duration(request, "period", used));
                }
                else {
                    String exceeded = request.getParameter("exceeded");
                    boolean on = exceeded == null || Boolean.parseBoolean(exceeded);
                    used.put("exceeded", on);
                    faults.dailyLimitExceeded(on);
                }
            }
            case "disconnectSession" ->
                faults.disconnectSession(required(request, "clientId", used), shape(request, used));
            case "disconnectAllSessions" -> faults.disconnectAllSessions(shape(request, used));
            case "blackHoleNext" -> faults.blackHoleNext(constant(BlackHole.class, required(request, "request", used)));
            case "frontProxyErrors" ->
                faults.frontProxyErrors(integer(request, "status", used), duration(request, "period", used));
            case "multipleClients" ->
                faults.multipleClients(duration(request, "interval", used), duration(request, "period", used));
            case "pubSubAuthError" -> faults.pubSubAuthError();
            case "pubSubCorruptReplayIdNext" -> faults.pubSubCorruptReplayIdNext();
            case "pubSubUnavailable" -> faults.pubSubUnavailable(duration(request, "period", used));
            case "pubSubLimitExceeded" -> faults.pubSubLimitExceeded(duration(request, "period", used));
            case "pubSubResetStreams" -> faults.pubSubResetStreams();
            case "pubSubStopKeepalives" -> faults.pubSubStopKeepalives();
            case "pubSubDenyTopic" -> faults.pubSubDenyTopic(required(request, "topic", used));
            default -> throw new IllegalArgumentException("Unknown fault: " + name);
        }
        return used;
    }

    private void publish(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String channel = request.getParameter("channel");
        if (channel == null || channel.isBlank()) {
            write(response, 400, Map.of("error", "Missing parameter channel, e.g. channel=/topic/AccountUpdates"));
            return;
        }
        String type = request.getParameter("type");
        JsonNode body;
        try {
            body = JSON.readTree(request.getInputStream());
        }
        catch (JacksonException e) {
            write(response, 400, Map.of("error", "The body is not JSON: " + e.getOriginalMessage()));
            return;
        }
        if (body != null && body.isArray()) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (JsonNode event : body) {
                events.add(fields(event));
            }
            write(response, 200,
                    this.emulator.publishBatch(channel, events).stream().map(ControlServlet::describe).toList());
            return;
        }
        Map<String, Object> fields = body == null || body.isMissingNode() || body.isNull() ? Map.of() : fields(body);
        PublishedEvent event = type == null ? this.emulator.publish(channel, fields)
                : this.emulator.publish(channel, type, fields);
        write(response, 200, describe(event));
    }

    private static Map<String, Object> fields(JsonNode event) {
        if (!event.isObject()) {
            throw new IllegalArgumentException("An event is a JSON object of fields, not " + event.getNodeType());
        }
        return JSON.convertValue(event, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    private static Map<String, Object> describe(PublishedEvent event) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("channel", event.channel());
        described.put("replayId", event.replayId());
        described.put("createdAt", event.createdAt().toString());
        if (event.eventUuid() != null) {
            described.put("eventUuid", event.eventUuid());
        }
        described.put("data", event.data());
        return described;
    }

    private static ServerDisconnect shape(HttpServletRequest request, Map<String, Object> used) {
        String shape = request.getParameter("shape");
        ServerDisconnect value = shape == null ? ServerDisconnect.WITH_CONNECT_REPLY
                : constant(ServerDisconnect.class, shape);
        used.put("shape", value.name());
        return value;
    }

    private static String required(HttpServletRequest request, String name, Map<String, Object> used) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing parameter " + name);
        }
        used.put(name, value);
        return value;
    }

    private static int integer(HttpServletRequest request, String name, Map<String, Object> used) {
        String value = required(request, name, used);
        try {
            int parsed = Integer.parseInt(value.trim());
            used.put(name, parsed);
            return parsed;
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("Parameter " + name + " is not an integer: " + value, e);
        }
    }

    /** Parses {@code PT2S}, {@code 2000} (milliseconds), {@code 2000ms} or {@code 2s}. */
    private static Duration duration(HttpServletRequest request, String name, Map<String, Object> used) {
        String value = required(request, name, used).trim();
        Duration parsed;
        Matcher millis = MILLIS.matcher(value.toLowerCase(Locale.ROOT));
        try {
            if (millis.matches()) {
                long amount = Long.parseLong(millis.group(1));
                parsed = "s".equals(millis.group(2)) ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
            }
            else {
                parsed = Duration.parse(value);
            }
        }
        catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "Parameter " + name + " is not a duration (PT2S, 2000, 2000ms, 2s): " + value, e);
        }
        used.put(name, parsed.toString());
        return parsed;
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a " + type.getSimpleName() + ": " + value + " (one of "
                    + List.of(type.getEnumConstants()) + ")", e);
        }
    }

    private static void write(HttpServletResponse response, int status, @Nullable Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    private static Map<String, String> faults() {
        Map<String, String> faults = new LinkedHashMap<>();
        faults.put("revokeAllTokens", "");
        faults.put("expireAllSessions", "");
        faults.put("disconnectSession", "clientId, shape=WITH_CONNECT_REPLY|ALONE");
        faults.put("disconnectAllSessions", "shape=WITH_CONNECT_REPLY|ALONE");
        faults.put("rotateStickyCookie", "");
        faults.put("blackHoleNext", "request=CONNECT|HANDSHAKE|SUBSCRIBE");
        faults.put("frontProxyErrors", "status=502|503|504, period");
        faults.put("multipleClients", "interval, period");
        faults.put("dropNextConnectResponse", "");
        faults.put("delayResponses", "delay");
        faults.put("failNextSubscribes", "count");
        faults.put("concurrentClientLimit", "max");
        faults.put("dailyLimitExceeded", "exceeded=true|false, or period");
        faults.put("failNextTokenRequests", "count");
        faults.put("pubSubAuthError", "");
        faults.put("pubSubCorruptReplayIdNext", "");
        faults.put("pubSubUnavailable", "period");
        faults.put("pubSubLimitExceeded", "period");
        faults.put("pubSubResetStreams", "");
        faults.put("pubSubStopKeepalives", "");
        faults.put("pubSubDenyTopic", "topic");
        faults.put("reset", "");
        return java.util.Collections.unmodifiableMap(faults);
    }

}
