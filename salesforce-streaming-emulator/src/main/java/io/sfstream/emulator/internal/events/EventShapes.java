package io.sfstream.emulator.internal.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sfstream.emulator.internal.org.SalesforceIds;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the {@code data} object of an event exactly as each channel kind delivers it.
 *
 * <p>
 * Stateless and thread-safe.
 */
public final class EventShapes {

    /**
     * Reserved key of a Change Data Capture event's fields: the header to send instead of
     * a generated one.
     */
    public static final String CHANGE_EVENT_HEADER = "ChangeEventHeader";

    /** Reserved key of a generic event's fields: the payload string. */
    public static final String PAYLOAD = "payload";

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Formats a time as Salesforce does in event dates.
     * @param instant the time
     * @return ISO-8601 UTC with milliseconds, e.g. {@code 2026-11-20T13:44:56.891Z}
     */
    public static String isoDate(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    /**
     * Builds a PushTopic event: {@code event{createdDate,replayId,type}} and
     * {@code sobject}.
     * @param replayId the replay id
     * @param now the event time
     * @param type {@code created}, {@code updated}, {@code deleted} or {@code undeleted}
     * @param sobject the record's fields; an {@code Id} is generated when missing
     * @return the data object
     */
    public Map<String, Object> pushTopic(long replayId, Instant now, String type, Map<String, Object> sobject) {
        Map<String, Object> record = new LinkedHashMap<>();
        if (!sobject.containsKey("Id")) {
            record.put("Id", SalesforceIds.newId("001"));
        }
        record.putAll(sobject);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("createdDate", isoDate(now));
        event.put("replayId", replayId);
        event.put("type", type);
        return frozen(Map.of("event", event, "sobject", record), "event", "sobject");
    }

    /**
     * Builds a generic streaming event: {@code event{createdDate,replayId}} and a
     * {@code payload} string.
     * @param replayId the replay id
     * @param now the event time
     * @param fields either {@code {"payload": "text"}} or any fields, then sent as a JSON
     * string
     * @return the data object
     */
    public Map<String, Object> generic(long replayId, Instant now, Map<String, Object> fields) {
        Object payload = fields.get(PAYLOAD);
        String text = fields.size() == 1 && payload instanceof String string ? string : JSON.writeValueAsString(fields);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("createdDate", isoDate(now));
        event.put("replayId", replayId);
        return frozen(Map.of("event", event, "payload", text), "event", "payload");
    }

    /**
     * Builds a platform event: {@code schema},
     * {@code payload{CreatedDate,CreatedById,...}} and {@code event{replayId,EventUuid}}.
     * @param replayId the replay id
     * @param now the event time
     * @param schemaId the channel's schema id
     * @param createdById the publishing user's id
     * @param fields the event's fields
     * @return the data object
     */
    public Map<String, Object> platformEvent(long replayId, Instant now, String schemaId, String createdById,
            Map<String, Object> fields) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("CreatedDate", isoDate(now));
        payload.put("CreatedById", createdById);
        payload.putAll(fields);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("EventUuid", SalesforceIds.randomUuid().toString());
        event.put("replayId", replayId);
        return frozen(Map.of("schema", schemaId, "payload", payload, "event", event), "schema", "payload", "event");
    }

    /**
     * Builds a Change Data Capture event: {@code schema},
     * {@code payload{ChangeEventHeader{...},...}} and {@code event{replayId}}. A header
     * is generated unless {@code fields} holds a {@link #CHANGE_EVENT_HEADER}.
     * @param replayId the replay id
     * @param now the commit time
     * @param schemaId the channel's schema id
     * @param entityName the changed sObject, e.g. {@code Account}
     * @param commitUser the committing user's id
     * @param fields the record's changed fields, optionally with a
     * {@code ChangeEventHeader}
     * @return the data object
     */
    public Map<String, Object> changeEvent(long replayId, Instant now, String schemaId, String entityName,
            String commitUser, Map<String, Object> fields) {
        // Built frozen (what frozen() would make of it) without copying what is built
        // here: only the caller's values are deep-frozen.
        Map<String, Object> record = new LinkedHashMap<>(fields);
        Object givenHeader = record.remove(CHANGE_EVENT_HEADER);
        Object recordId = record.remove("Id");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(CHANGE_EVENT_HEADER, (givenHeader != null) ? deepFreeze(givenHeader)
                : Collections.unmodifiableMap(changeEventHeader(now, entityName, commitUser, recordId, record)));
        record.forEach((key, value) -> payload.put(String.valueOf(key), deepFreeze(value)));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("replayId", replayId);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("schema", schemaId);
        data.put("payload", Collections.unmodifiableMap(payload));
        data.put("event", Collections.unmodifiableMap(event));
        return Collections.unmodifiableMap(data);
    }

    private static Map<String, Object> changeEventHeader(Instant now, String entityName, String commitUser,
            @Nullable Object recordId, Map<String, Object> record) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("entityName", entityName);
        header.put("recordIds",
                frozenList(List.of(recordId != null ? recordId.toString() : SalesforceIds.newId("001"))));
        header.put("changeType", recordId != null ? "UPDATE" : "CREATE");
        header.put("changeOrigin", "com/salesforce/api/soap/64.0;client=SfdcInternalAPI/");
        header.put("transactionKey", SalesforceIds.randomHex(20) + "-" + SalesforceIds.randomLowerAlphanumeric(4));
        header.put("sequenceNumber", 1);
        header.put("commitTimestamp", now.toEpochMilli());
        header.put("commitNumber",
                now.toEpochMilli() * 1000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1000));
        header.put("commitUser", commitUser);
        header.put("nulledFields", frozenList(List.of()));
        header.put("diffFields", frozenList(List.of()));
        header.put("changedFields", frozenList(recordId != null ? record.keySet() : List.of()));
        return header;
    }

    /** A list of strings as deepFreeze() makes it. */
    private static List<Object> frozenList(Collection<String> items) {
        return Collections.unmodifiableList(new ArrayList<>(items));
    }

    private static Map<String, Object> frozen(Map<String, Object> parts, String... order) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (String key : order) {
            data.put(key, deepFreeze(parts.get(key)));
        }
        return Collections.unmodifiableMap(data);
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Object deepFreeze(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepFreeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepFreeze(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

}
