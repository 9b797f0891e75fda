package io.sfstream.pubsub.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.jspecify.annotations.Nullable;

/**
 * Turns a decoded Avro record into the JSON-like values the CometD transport delivers for
 * the same event (PROTOCOL section 3): records as maps (in schema order), arrays as
 * lists, strings and enum symbols as {@code String}, every integer as {@code Long} and
 * every decimal as {@code Double} (as the CometD client's JSON parser reads numbers),
 * bytes and fixed as base64 text, unset union fields as {@code null}; {@code CreatedDate}
 * (and any {@code timestamp-millis} field) as ISO-8601 UTC text with milliseconds; a
 * change event's {@code changedFields}, {@code nulledFields} and {@code diffFields}
 * bitmaps as field names (PUBSUB section 4), and, as on CometD, only the body fields a
 * change event changed (unchanged ones arrive as null). Stateless and thread-safe.
 */
final class AvroPayloads {

    static final String CHANGE_EVENT_HEADER = "ChangeEventHeader";

    static final String CREATED_DATE = "CreatedDate";

    private static final List<String> BITMAP_FIELDS = List.of("changedFields", "nulledFields", "diffFields");

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    private AvroPayloads() {
    }

    /**
     * Converts an event's record.
     * @param record the event, decoded with its writer schema
     * @return the payload: an unmodifiable map in schema order
     */
    static Map<String, Object> payload(GenericRecord record) {
        Schema schema = record.getSchema();
        Map<String, Object> payload = new LinkedHashMap<>();
        for (Schema.Field field : schema.getFields()) {
            Object value = record.get(field.pos());
            if (field.name().equals(CHANGE_EVENT_HEADER) && value instanceof GenericRecord header) {
                payload.put(field.name(), header(header, schema));
            }
            else if (field.name().equals(CREATED_DATE) && value instanceof Number millis) {
                payload.put(field.name(), isoDate(millis.longValue()));
            }
            else {
                payload.put(field.name(), value(field.schema(), value));
            }
        }
        if (payload.get(CHANGE_EVENT_HEADER) instanceof Map<?, ?> header) {
            keepChangedOnly(payload, header);
        }
        return Collections.unmodifiableMap(payload);
    }

    /**
     * Makes a change event's payload what the CometD API delivers, in place: unchanged
     * body fields (null in the Avro record) left out, fields set to null kept when
     * {@code nulledFields} names them; in compound fields the same, by
     * {@code Parent.Child} name (a compound map is copied only when it loses a part).
     */
    private static void keepChangedOnly(Map<String, Object> payload, Map<?, ?> header) {
        List<?> nulled = (header.get("nulledFields") instanceof List<?> names) ? names : List.of();
        for (Iterator<Map.Entry<String, Object>> entries = payload.entrySet().iterator(); entries.hasNext();) {
            Map.Entry<String, Object> entry = entries.next();
            String name = entry.getKey();
            Object value = entry.getValue();
            if (value == null) {
                if (!nulled.contains(name)) {
                    entries.remove();
                }
            }
            else if (value instanceof Map<?, ?> compound && !name.equals(CHANGE_EVENT_HEADER)
                    && compound.containsValue(null)) {
                Map<String, Object> parts = new LinkedHashMap<>();
                compound.forEach((part, partValue) -> {
                    if (partValue != null || nulled.contains(name + "." + part)) {
                        parts.put(String.valueOf(part), partValue);
                    }
                });
                if (parts.isEmpty() && !nulled.contains(name)) {
                    entries.remove();
                }
                else {
                    entry.setValue(Collections.unmodifiableMap(parts));
                }
            }
        }
    }

    static String isoDate(long millis) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(millis));
    }

    private static Map<String, Object> header(GenericRecord header, Schema event) {
        Map<String, Object> converted = new LinkedHashMap<>();
        for (Schema.Field field : header.getSchema().getFields()) {
            Object value = header.get(field.pos());
            if (BITMAP_FIELDS.contains(field.name()) && value instanceof Collection<?> bitmaps) {
                converted.put(field.name(), fieldNames(event, bitmaps));
            }
            else {
                converted.put(field.name(), value(field.schema(), value));
            }
        }
        return Collections.unmodifiableMap(converted);
    }

    /**
     * Decodes bitmaps into field names: {@code 0x...} marks top-level field i with bit i;
     * {@code P-0x...} marks the fields of the compound field at top-level position P
     * (after unwrapping its null union), named {@code Parent.Child}. Elements that are
     * neither (names already) are kept as they are.
     * @param event the event's writer schema
     * @param bitmaps the header's elements
     * @return the field names, in bit order
     */
    static List<String> fieldNames(Schema event, Collection<?> bitmaps) {
        List<String> names = new ArrayList<>();
        for (Object element : bitmaps) {
            String text = String.valueOf(element);
            int dash = text.indexOf("-0x");
            if (text.startsWith("0x")) {
                addNames(names, event, bits(text.substring(2)), "");
            }
            else if (dash > 0 && isDigits(text.substring(0, dash))) {
                int parent = Integer.parseInt(text.substring(0, dash));
                List<Schema.Field> fields = event.getFields();
                Schema nested = (parent < fields.size()) ? recordBranch(fields.get(parent).schema()) : null;
                if (nested != null) {
                    addNames(names, nested, bits(text.substring(dash + 3)), fields.get(parent).name() + ".");
                }
                else {
                    names.add(text);
                }
            }
            else {
                names.add(text);
            }
        }
        return Collections.unmodifiableList(names);
    }

    private static void addNames(List<String> names, Schema record, @Nullable BigInteger bits, String prefix) {
        if (bits == null) {
            return;
        }
        List<Schema.Field> fields = record.getFields();
        for (int bit = 0; bit < bits.bitLength(); bit++) {
            if (bits.testBit(bit)) {
                names.add((bit < fields.size()) ? prefix + fields.get(bit).name() : prefix + "#" + bit);
            }
        }
    }

    private static @Nullable BigInteger bits(String hex) {
        try {
            return new BigInteger(hex, 16);
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }

    private static boolean isDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
    }

    private static @Nullable Schema recordBranch(Schema schema) {
        if (schema.getType() == Schema.Type.RECORD) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() == Schema.Type.RECORD) {
                    return branch;
                }
            }
        }
        return null;
    }

    private static @Nullable Object value(Schema schema, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof GenericRecord record) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Schema.Field field : record.getSchema().getFields()) {
                map.put(field.name(), value(field.schema(), record.get(field.pos())));
            }
            return Collections.unmodifiableMap(map);
        }
        if (value instanceof Collection<?> items) {
            Schema element = elementSchema(schema);
            List<Object> list = new ArrayList<>(items.size());
            for (Object item : items) {
                list.add(value(element, item));
            }
            return Collections.unmodifiableList(list);
        }
        if (value instanceof Map<?, ?> entries) {
            Schema element = (schema.getType() == Schema.Type.MAP) ? schema.getValueType() : schema;
            Map<String, Object> map = new LinkedHashMap<>();
            entries.forEach((key, item) -> map.put(String.valueOf(key), value(element, item)));
            return Collections.unmodifiableMap(map);
        }
        if (value instanceof Integer || value instanceof Long) {
            long number = ((Number) value).longValue();
            return isTimestamp(schema, value) ? isoDate(number) : (Object) number;
        }
        if (value instanceof Float || value instanceof Double) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?>) {
            return value.toString();
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof GenericFixed fixed) {
            return Base64.getEncoder().encodeToString(fixed.bytes());
        }
        return value;
    }

    private static Schema elementSchema(Schema schema) {
        if (schema.getType() == Schema.Type.ARRAY) {
            return schema.getElementType();
        }
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() == Schema.Type.ARRAY) {
                    return branch.getElementType();
                }
            }
        }
        return schema;
    }

    private static boolean isTimestamp(Schema schema, Object value) {
        if (!(value instanceof Long)) {
            return false;
        }
        List<Schema> candidates = (schema.getType() == Schema.Type.UNION) ? schema.getTypes() : List.of(schema);
        for (Schema candidate : candidates) {
            LogicalType logical = candidate.getLogicalType();
            if (candidate.getType() == Schema.Type.LONG && logical instanceof LogicalTypes.TimestampMillis) {
                return true;
            }
        }
        return false;
    }

}
