package io.sfstream.emulator.rest;

import io.sfstream.emulator.bayeux.EventBus;
import io.sfstream.emulator.events.ChannelCatalog;
import io.sfstream.emulator.events.ChannelKind;
import io.sfstream.emulator.org.AccessTokens;
import io.sfstream.emulator.org.IssuedToken;
import io.sfstream.emulator.org.SalesforceIds;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /services/data/vXX.X/sobjects/Name__e}: publishes a platform event, answering
 * {@code 201 {"id":"e00...","success":true,"errors":[]}} as Salesforce does.
 */
public final class SObjectPublishServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PATH = Pattern.compile("^/v(\\d+\\.\\d)/sobjects/([A-Za-z0-9_]+__e)/?$");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final transient AccessTokens tokens;
    private final transient ChannelCatalog catalog;
    private final transient EventBus bus;

    /**
     * Creates the endpoint.
     *
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
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<IssuedToken> token = tokens.find(bearer(request.getHeader("Authorization")));
        if (token.isEmpty()) {
            write(response, 401, List.of(error("INVALID_SESSION_ID", "Session expired or invalid")));
            return;
        }
        Matcher path = PATH.matcher(request.getPathInfo() == null ? "" : request.getPathInfo());
        String channel = path.matches() ? ChannelKind.PLATFORM_EVENT.prefix() + path.group(2) : null;
        if (channel == null || !catalog.isDeclared(channel)) {
            write(response, 404, List.of(error("NOT_FOUND", "The requested resource does not exist")));
            return;
        }
        Map<String, Object> fields;
        try {
            fields = JSON.readValue(request.getInputStream(), MAP);
        } catch (JacksonException e) {
            write(response, 400, List.of(error("JSON_PARSER_ERROR", "The request body is not a JSON object")));
            return;
        }
        bus.publish(channel, List.of(fields == null ? Map.of() : fields), null, token.get().user().userId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", SalesforceIds.newId("e00"));
        body.put("success", true);
        body.put("errors", List.of());
        write(response, 201, body);
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("errorCode", code);
        return error;
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

    private static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
