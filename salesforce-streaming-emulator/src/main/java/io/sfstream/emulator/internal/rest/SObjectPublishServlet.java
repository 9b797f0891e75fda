package io.sfstream.emulator.internal.rest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sfstream.emulator.InvalidFieldException;
import io.sfstream.emulator.PublishedEvent;
import io.sfstream.emulator.internal.bayeux.EventBus;
import io.sfstream.emulator.internal.events.ChannelCatalog;
import io.sfstream.emulator.internal.events.ChannelKind;
import io.sfstream.emulator.internal.org.AccessTokens;
import io.sfstream.emulator.internal.org.IssuedToken;
import io.sfstream.emulator.internal.org.SalesforceIds;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /services/data/vXX.X/sobjects/Name__e}: publishes a platform event,
 * answering as Salesforce does for a high-volume platform event: {@code 201
 * {"id":"e00...","success":true,"errors":[{"statusCode":"OPERATION_ENQUEUED","message":"<EventUuid>","fields":[]}]}},
 * where the message is the {@code EventUuid} subscribers receive in
 * {@code data.event.EventUuid}. Errors are JSON arrays: {@code 404 NOT_FOUND},
 * {@code 400 JSON_PARSER_ERROR}, {@code 400 INVALID_FIELD} (a field the event does not
 * declare), {@code 401 INVALID_SESSION_ID}, {@code 405 METHOD_NOT_ALLOWED}.
 */
public final class SObjectPublishServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern PATH = Pattern.compile("^/v(\\d+\\.\\d)/sobjects/([A-Za-z0-9_]+__e)/?$");

    private final transient AccessTokens tokens;

    private final transient ChannelCatalog catalog;

    private final transient EventBus bus;

    /**
     * Creates the endpoint.
     * @param tokens the live access tokens
     * @param catalog the declared channels
     * @param bus where events are published
     */
    public SObjectPublishServlet(AccessTokens tokens, ChannelCatalog catalog, EventBus bus) {
        this.tokens = tokens;
        this.catalog = catalog;
        this.bus = bus;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("POST".equals(request.getMethod())) {
            doPost(request, response);
            return;
        }
        Optional<IssuedToken> token = this.tokens.find(bearer(request.getHeader("Authorization")));
        if (token.isEmpty()) {
            RestErrors.write(response, 401, "INVALID_SESSION_ID", "Session expired or invalid");
        }
        else if (!PATH.matcher(pathInfo(request)).matches()) {
            RestErrors.write(response, 404, RestErrors.NOT_FOUND, RestErrors.NOT_FOUND_MESSAGE);
        }
        else {
            response.setHeader("Allow", "POST");
            RestErrors.write(response, 405, "METHOD_NOT_ALLOWED",
                    "HTTP Method '" + request.getMethod() + "' not allowed. Allowed are POST");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<IssuedToken> token = this.tokens.find(bearer(request.getHeader("Authorization")));
        if (token.isEmpty()) {
            RestErrors.write(response, 401, "INVALID_SESSION_ID", "Session expired or invalid");
            return;
        }
        Matcher path = PATH.matcher(pathInfo(request));
        String channel = path.matches() ? ChannelKind.PLATFORM_EVENT.prefix() + path.group(2) : null;
        if (channel == null || !this.catalog.isDeclared(channel)) {
            RestErrors.write(response, 404, RestErrors.NOT_FOUND, RestErrors.NOT_FOUND_MESSAGE);
            return;
        }
        Map<String, Object> fields;
        try {
            JsonNode body = JSON.readTree(request.getInputStream());
            if (body == null || !body.isObject()) {
                String found = body == null || body.isMissingNode() ? "no"
                        : body.isArray() ? "START_ARRAY" : body.getNodeType() + "";
                RestErrors.write(response, 400, RestErrors.JSON_PARSER_ERROR,
                        "Can not deserialize SObject out of " + found + " token");
                return;
            }
            fields = JSON.treeToValue(body, FieldsMap.class);
        }
        catch (JacksonException e) {
            RestErrors.write(response, 400, RestErrors.JSON_PARSER_ERROR, RestErrors.parserMessage(e));
            return;
        }
        PublishedEvent event;
        try {
            event = this.bus.publish(channel, List.of(fields), null, token.get().user().userId()).get(0);
        }
        catch (InvalidFieldException e) {
            RestErrors.write(response, 400, "INVALID_FIELD", e.getMessage());
            return;
        }
        Map<String, Object> enqueued = new LinkedHashMap<>();
        enqueued.put("statusCode", "OPERATION_ENQUEUED");
        enqueued.put("message", event.eventUuid());
        enqueued.put("fields", List.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", SalesforceIds.newId("e00"));
        body.put("success", true);
        body.put("errors", List.of(enqueued));
        RestErrors.writeJson(response, 201, body);
    }

    private static String pathInfo(HttpServletRequest request) {
        return request.getPathInfo() == null ? "" : request.getPathInfo();
    }

    private static @Nullable String bearer(@Nullable String header) {
        if (header == null) {
            return null;
        }
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bearer ")) {
            return header.substring(7).trim();
        }
        return lower.startsWith("oauth ") ? header.substring(6).trim() : null;
    }

    /** The fields of a published event, in the order sent. */
    private static final class FieldsMap extends LinkedHashMap<String, Object> {

        private static final long serialVersionUID = 1L;

    }

}
