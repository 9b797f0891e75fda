package io.sfstream.emulator.internal.pubsub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sfstream.emulator.internal.events.EventShapes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.jspecify.annotations.Nullable;

/**
 * Encodes an event's {@code payload}, as the Bayeux side delivers it, into one Avro datum
 * in plain binary encoding (no container, no magic byte) with its writer schema, as
 * Salesforce's Pub/Sub API sends {@code ProducerEvent.payload}: {@code CreatedDate} as
 * epoch milliseconds, compound fields as nested records, and a change event's
 * {@code changedFields}, {@code nulledFields} and {@code diffFields} as bitmaps of field
 * positions ({@code 0x...} over the top-level fields, {@code P-0x...} over the fields of
 * the compound field at position P), PUBSUB section 4.
 *
 * <p>
 * Stateless and thread-safe.
 */
final class EventEncoder {

    /**
     * Encodes a payload.
     * @param schema the writer schema
     * @param payload the Bayeux {@code data.payload}
     * @param createdAt the event time, used when the payload has no readable
     * {@code CreatedDate}
     * @return the datum's bytes
     */
    byte[] encode(Schema schema, Map<String, Object> payload, Instant createdAt) {
        GenericRecord record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            String name = field.name();
            Object value = payload.get(name);
            if (name.equals(EventShapes.CHANGE_EVENT_HEADER)) {
                record.put(field.pos(), header(field.schema(), schema, asMap(value)));
            }
            else if (name.equals(EventSchemas.CREATED_DATE) && field.schema().getType() == Schema.Type.LONG) {
                record.put(field.pos(), millis(value, createdAt));
            }
            else if (name.equals(EventSchemas.CREATED_BY_ID) && field.schema().getType() == Schema.Type.STRING) {
                record.put(field.pos(), (value != null) ? value.toString() : "");
            }
            else {
                record.put(field.pos(), value(field.schema(), value));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static long millis(@Nullable Object value, Instant fallback) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                return Instant.parse(text).toEpochMilli();
            }
            catch (DateTimeParseException ex) {
                // falls back to the event time
            }
        }
        return fallback.toEpochMilli();
    }

    private static GenericRecord header(Schema schema, Schema event, Map<String, Object> values) {
        GenericRecord header = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            Object value = values.get(field.name());
            Object encoded = switch (field.schema().getType()) {
                case ENUM -> new GenericData.EnumSymbol(field.schema(),
                        (value != null) ? value.toString().toUpperCase(Locale.ROOT) : "UPDATE");
                case INT -> (value instanceof Number number) ? number.intValue() : 0;
                case LONG -> (value instanceof Number number) ? number.longValue() : 0L;
                case ARRAY ->
                    EventSchemas.BITMAP_FIELDS.contains(field.name()) ? bitmaps(event, names(value)) : names(value);
                default -> (value != null) ? value.toString() : "";
            };
            header.put(field.pos(), encoded);
        }
        return header;
    }

    private static List<String> names(@Nullable Object value) {
        List<String> names = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            collection.forEach((item) -> names.add(String.valueOf(item)));
        }
        return names;
    }

    /**
     * Turns field names into bitmaps: one {@code 0x...} over the top-level fields, one
     * {@code P-0x...} per compound field P with named children.
     */
    static List<String> bitmaps(Schema event, List<String> names) {
        BigInteger top = BigInteger.ZERO;
        Map<Integer, BigInteger> nested = new LinkedHashMap<>();
        for (String name : names) {
            int dot = name.indexOf('.');
            Schema.Field field = event.getField((dot < 0) ? name : name.substring(0, dot));
            if (field == null) {
                continue;
            }
            if (dot < 0) {
                top = top.setBit(field.pos());
                continue;
            }
            Schema record = recordBranch(field.schema());
            Schema.Field child = (record != null) ? record.getField(name.substring(dot + 1)) : null;
            if (child != null) {
                nested.merge(field.pos(), BigInteger.ZERO.setBit(child.pos()), BigInteger::or);
            }
        }
        List<String> bitmaps = new ArrayList<>();
        if (top.signum() != 0) {
            bitmaps.add(hex(top));
        }
        nested.forEach((position, bits) -> bitmaps.add(position + "-" + hex(bits)));
        return bitmaps;
    }

    private static String hex(BigInteger bits) {
        return "0x" + bits.toString(16).toUpperCase(Locale.ROOT);
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

    /** Converts a JSON-like value for a union {@code ["null", ...]} of the schema. */
    private static @Nullable Object value(Schema union, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        EventSchemas.ValueKind kind = EventSchemas.ValueKind.of(value);
        for (Schema branch : union.getTypes()) {
            switch (branch.getType()) {
                case BOOLEAN -> {
                    if (kind == EventSchemas.ValueKind.BOOLEAN) {
                        return value;
                    }
                }
                case LONG -> {
                    if (kind == EventSchemas.ValueKind.LONG) {
                        return ((Number) value).longValue();
                    }
                }
                case DOUBLE -> {
                    if (kind == EventSchemas.ValueKind.DOUBLE) {
                        return (value instanceof BigDecimal decimal) ? decimal.doubleValue()
                                : ((Number) value).doubleValue();
                    }
                }
                case STRING -> {
                    if (kind == EventSchemas.ValueKind.STRING) {
                        return value.toString();
                    }
                }
                case ARRAY -> {
                    if (kind == EventSchemas.ValueKind.STRINGS) {
                        return names(value);
                    }
                }
                case RECORD -> {
                    if (kind == EventSchemas.ValueKind.RECORD) {
                        GenericRecord nested = new GenericData.Record(branch);
                        Map<String, Object> values = asMap(value);
                        for (Schema.Field field : branch.getFields()) {
                            nested.put(field.pos(), value(field.schema(), values.get(field.name())));
                        }
                        return nested;
                    }
                }
                default -> {
                    // null: only for a null value
                }
            }
        }
        return value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(@Nullable Object value) {
        return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
    }

}
