package io.sfstream.core.client.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.replay.ReplayId;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a {@link SalesforceEvent} from a received Bayeux message, following where each
 * channel kind keeps its replay id, event time and payload (PROTOCOL section 3). Never
 * throws on a malformed message: what is missing is left empty and listed in
 * {@link Result#problems()}. Thread-safe.
 */
public final class StreamingEventParser {

    private static final DateTimeFormatter OFFSET_WITHOUT_COLON = new DateTimeFormatterBuilder()
        .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
        .appendOffset("+HHMM", "Z")
        .toFormatter();

    /**
     * At most this many channels' kinds are remembered (events arrive on the subscribed
     * channels only).
     */
    private static final int MAX_CACHED_KINDS = 1_000;

    private final JsonMapper json = JsonMapper.builder().build();

    private final Function<Map<String, Object>, String> renderJson = this::toJson;

    /**
     * The kinds of valid channel names seen, so the name is not matched against a pattern
     * for every event.
     */
    private final Map<String, ChannelKind> kinds = new ConcurrentHashMap<>();

    /**
     * The outcome of parsing one message.
     *
     * @param event the event, or {@code null} when the message cannot be represented as
     * one
     * @param problems what was wrong with the message, empty when nothing
     */
    public record Result(@Nullable SalesforceEvent event, List<String> problems) {
    }

    /**
     * Parses a message received on a channel of the given kind.
     * @param message the Bayeux message
     * @param fallbackKind the kind of the subscription it belongs to, used when the
     * message's channel has none
     * @return the event and the problems found
     */
    public Result parse(Map<String, Object> message, ChannelKind fallbackKind) {
        return parse(message, fallbackKind, false);
    }

    /**
     * Parses a message this parser may take over: instead of a deep copy, the message's
     * own {@link HashMap}s, {@link ArrayList}s and arrays are seen through unmodifiable
     * views (arrays as lists) created as they are read, which saves copying every event.
     * Maps and lists of other types are still copied. The caller must neither use nor
     * modify the message afterwards (CometD builds fresh maps for every message it parses
     * and is done with a data message once its listeners ran).
     * @param message the Bayeux message, handed over
     * @param fallbackKind the kind of the subscription it belongs to, used when the
     * message's channel has none
     * @return the event and the problems found
     */
    public Result parseOwned(Map<String, Object> message, ChannelKind fallbackKind) {
        return parse(message, fallbackKind, true);
    }

    private Result parse(Map<String, Object> message, ChannelKind fallbackKind, boolean owned) {
        List<String> problems = new ArrayList<>();
        Object channelValue = message.get("channel");
        if (!(channelValue instanceof String channel) || channel.isEmpty()) {
            return new Result(null, List.of("message has no channel"));
        }
        ChannelKind kind = kindOf(channel, fallbackKind);
        Map<String, Object> copy = owned ? freezeMap(message) : copyMap(message);
        Map<String, Object> data = asMap(copy.get("data"));
        if (data == null) {
            problems.add("message has no data object");
            data = Map.of();
        }
        // Each value is looked up once: reading an owned message through its views wraps
        // what is read.
        Map<String, Object> event = asMap(data.get("event"));
        Object dataPayload = data.get("payload");
        Map<String, Object> payloadMap = asMap(dataPayload);
        Map<String, Object> header = (kind == ChannelKind.CHANGE_DATA_CAPTURE && payloadMap != null)
                ? asMap(payloadMap.get("ChangeEventHeader")) : null;
        Long number = replayId(event, problems);
        ReplayId replayId = (number != null) ? ReplayId.of(number) : null;
        Instant eventTime = eventTime(kind, event, payloadMap, header);
        String eventType = eventType(kind, event, header);
        Map<String, Object> payload;
        Function<Map<String, Object>, String> payloadJson;
        if (kind == ChannelKind.GENERIC && dataPayload instanceof String text) {
            payloadJson = (ignored) -> text;
            payload = parseObject(text);
        }
        else {
            Map<String, Object> found = (kind == ChannelKind.PUSH_TOPIC) ? asMap(data.get("sobject")) : payloadMap;
            payload = (found != null) ? found : Map.of();
            payloadJson = this.renderJson;
        }
        return new Result(
                new SalesforceEvent(channel, kind, replayId, eventTime, payload, payloadJson, eventType, data, copy),
                problems.isEmpty() ? List.of() : List.copyOf(problems));
    }

    private ChannelKind kindOf(String channel, ChannelKind fallbackKind) {
        ChannelKind known = this.kinds.get(channel);
        if (known != null) {
            return known;
        }
        try {
            ChannelKind kind = ChannelKind.of(channel);
            if (this.kinds.size() < MAX_CACHED_KINDS) {
                this.kinds.put(channel, kind);
            }
            return kind;
        }
        catch (IllegalArgumentException ex) {
            return fallbackKind;
        }
    }

    /**
     * Reads the replay id of a message without parsing the rest of it, as
     * {@link #parseOwned} would read it.
     * @param data the message's {@code data}, or {@code null}
     * @return the replay id, or {@code null} when missing or unusable
     */
    static @Nullable Long replayIdOf(@Nullable Map<String, Object> data) {
        Object event = (data != null) ? data.get("event") : null;
        return (event instanceof Map<?, ?> map) ? replayId(cast(map), new ArrayList<>(0)) : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static @Nullable Long replayId(@Nullable Map<String, Object> event, List<String> problems) {
        Object value = (event != null) ? event.get("replayId") : null;
        if (value == null) {
            problems.add("no data.event.replayId");
            return null;
        }
        Long id = toLong(value);
        if (id == null || id < 0) {
            problems.add("unusable data.event.replayId '" + abbreviate(value) + "'");
            return null;
        }
        return id;
    }

    private static @Nullable Instant eventTime(ChannelKind kind, @Nullable Map<String, Object> event,
            @Nullable Map<String, Object> payload, @Nullable Map<String, Object> changeEventHeader) {
        return switch (kind) {
            case PUSH_TOPIC, GENERIC -> parseInstant((event != null) ? event.get("createdDate") : null);
            case PLATFORM_EVENT -> parseInstant((payload != null) ? payload.get("CreatedDate") : null);
            case CHANGE_DATA_CAPTURE -> {
                Long millis = (changeEventHeader != null) ? toLong(changeEventHeader.get("commitTimestamp")) : null;
                yield (millis != null) ? Instant.ofEpochMilli(millis) : null;
            }
        };
    }

    private static @Nullable String eventType(ChannelKind kind, @Nullable Map<String, Object> event,
            @Nullable Map<String, Object> changeEventHeader) {
        Object type = null;
        if (kind == ChannelKind.PUSH_TOPIC && event != null) {
            type = event.get("type");
        }
        else if (kind == ChannelKind.CHANGE_DATA_CAPTURE && changeEventHeader != null) {
            type = changeEventHeader.get("changeType");
        }
        return (type instanceof String text) ? text : null;
    }

    static @Nullable Long toLong(@Nullable Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) ? (long) d : null;
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            }
            catch (NumberFormatException ex) {
                return null;
            }
        }
        return null;
    }

    static @Nullable Instant parseInstant(@Nullable Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        }
        catch (DateTimeParseException ex) {
            try {
                return OffsetDateTime.parse(text, OFFSET_WITHOUT_COLON).toInstant();
            }
            catch (DateTimeParseException ex2) {
                return null;
            }
        }
    }

    private Map<String, Object> parseObject(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("{")) {
            try {
                Object parsed = this.json.readValue(trimmed, Map.class);
                Map<String, Object> map = asMap(parsed);
                if (map != null) {
                    return copyMap(map);
                }
            }
            catch (JacksonException ex) {
                // not JSON after all: fall through to the single-key map
            }
        }
        return Map.of("payload", text);
    }

    private String toJson(Map<String, Object> payload) {
        try {
            return this.json.writeValueAsString(payload);
        }
        catch (JacksonException ex) {
            return "{}";
        }
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Map<String, Object> asMap(@Nullable Object value) {
        return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : null;
    }

    /**
     * Deep, unmodifiable copy; arrays become lists, so payloads are plain JSON-like
     * values.
     */
    private static Map<String, Object> copyMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), copyValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Like {@link #copyMap} but, for a plain parser-built map ({@link HashMap},
     * {@link LinkedHashMap}, CometD's {@code HashMapMessage}), an unmodifiable view that
     * wraps nested objects and arrays when they are read ({@link FrozenJson}) instead of
     * copying them; anything else is copied.
     */
    private static Map<String, Object> freezeMap(Map<?, ?> map) {
        if (!FrozenJson.isWrappable(map)) {
            return copyMap(map);
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return copyMap(map);
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> own = (Map<String, Object>) map;
        return FrozenJson.map(own, StreamingEventParser::copyValue);
    }

    private static @Nullable Object copyValue(@Nullable Object value) {
        if (value instanceof JsonObject || value instanceof JsonArray) {
            // Built immutable by the response reader.
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return copyMap(map);
        }
        if (value instanceof Object[] array) {
            List<@Nullable Object> list = new ArrayList<>(array.length);
            for (Object item : array) {
                list.add(copyValue(item));
            }
            return Collections.unmodifiableList(list);
        }
        if (value instanceof Collection<?> collection) {
            List<@Nullable Object> list = new ArrayList<>(collection.size());
            for (Object item : collection) {
                list.add(copyValue(item));
            }
            return Collections.unmodifiableList(list);
        }
        return value;
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
    }

}
