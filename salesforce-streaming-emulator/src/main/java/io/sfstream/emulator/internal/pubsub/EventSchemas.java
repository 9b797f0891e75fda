package io.sfstream.emulator.internal.pubsub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.sfstream.emulator.internal.events.EventShapes;
import io.sfstream.emulator.internal.org.SalesforceIds;
import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The Avro schemas of the org's event types, generated from the fields events carry, and
 * the registry {@code GetSchema} answers from. Each event type (a platform event, a
 * change event entity) has one current schema: a record named after the event in the
 * namespace {@code com.sforce.eventbus}; a platform event starts with {@code CreatedDate}
 * ({@code long}, epoch milliseconds) and {@code CreatedById}, a change event with its
 * {@code ChangeEventHeader}; then every field declared or seen, each a union
 * {@code ["null", ...]} with default null, a compound field (a map) a nested record. An
 * event with a field, a nested field or a value type the current schema lacks gets a new
 * schema with a new id; events published before keep theirs.
 *
 * <p>
 * Thread-safe.
 */
final class EventSchemas {

    static final String NAMESPACE = "com.sforce.eventbus";

    static final String CREATED_DATE = "CreatedDate";

    static final String CREATED_BY_ID = "CreatedById";

    /** The change types of {@code ChangeEventHeader.changeType}, an Avro enum. */
    static final List<String> CHANGE_TYPES = List.of("CREATE", "UPDATE", "DELETE", "UNDELETE", "GAP_CREATE",
            "GAP_UPDATE", "GAP_DELETE", "GAP_UNDELETE", "GAP_OVERFLOW");

    /** The header fields whose names travel as bitmaps. */
    static final List<String> BITMAP_FIELDS = List.of("changedFields", "nulledFields", "diffFields");

    private final Map<String, EventType> types = new ConcurrentHashMap<>();

    private final Map<String, Version> byId = new ConcurrentHashMap<>();

    /**
     * One schema of an event type.
     *
     * @param id the schema id
     * @param schema the schema
     */
    record Version(String id, Schema schema) {
    }

    /**
     * Returns the schema for an event of a type, creating a wider one when the event
     * needs it.
     * @param eventType the channel the type is published on, e.g. {@code /event/Order__e}
     * @param changeEvent whether it is a change event
     * @param declared the declared fields of a platform event (empty when schema-less)
     * @param fields the event's business fields (a change event's without its header)
     * @param referenced the names a change event's header lists ({@code Name},
     * {@code BillingAddress.City}), which the schema must hold
     * @return the schema the event is encoded with
     */
    Version select(String eventType, boolean changeEvent, Collection<String> declared, Map<String, Object> fields,
            Collection<String> referenced) {
        EventType type = this.types.computeIfAbsent(eventType,
                (name) -> new EventType(recordName(name), changeEvent, declared));
        Version version = type.select(fields, referenced);
        this.byId.putIfAbsent(version.id(), version);
        return version;
    }

    /**
     * Returns the current schema of an event type, creating the first one if none exists.
     * @param eventType the channel the type is published on
     * @param changeEvent whether it is a change event
     * @param declared the declared fields of a platform event
     * @return the current schema
     */
    Version current(String eventType, boolean changeEvent, Collection<String> declared) {
        return select(eventType, changeEvent, declared, Map.of(), List.of());
    }

    /**
     * Finds a schema by id.
     * @param id the schema id
     * @return the schema, if any was handed out
     */
    Optional<Version> find(String id) {
        return Optional.ofNullable(this.byId.get(id));
    }

    /**
     * The record name of an event type: {@code /event/Order__e} is {@code Order__e},
     * {@code /data/AccountChangeEvent} is {@code AccountChangeEvent}.
     */
    static String recordName(String channel) {
        return channel.substring(channel.indexOf('/', 1) + 1);
    }

    /** The kinds of value a field can hold; each is one branch of its union. */
    enum ValueKind {

        BOOLEAN, LONG, DOUBLE, STRING, STRINGS, RECORD;

        static ValueKind of(Object value) {
            if (value instanceof Boolean) {
                return BOOLEAN;
            }
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                    || value instanceof java.math.BigInteger) {
                return LONG;
            }
            if (value instanceof Number) {
                return DOUBLE;
            }
            if (value instanceof Map<?, ?>) {
                return RECORD;
            }
            if (value instanceof Collection<?>) {
                return STRINGS;
            }
            return STRING;
        }

    }

    /** A field's shape: the kinds of value seen, and the fields of its record kind. */
    private static final class FieldShape {

        private final Set<ValueKind> kinds = new LinkedHashSet<>();

        private final Map<String, FieldShape> children = new LinkedHashMap<>();

        /** Widens the shape to hold the value; returns whether it changed. */
        boolean absorb(@Nullable Object value) {
            if (value == null) {
                return false;
            }
            ValueKind kind = ValueKind.of(value);
            boolean changed = this.kinds.add(kind);
            if (kind == ValueKind.RECORD) {
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    changed |= child(String.valueOf(entry.getKey())).absorb(entry.getValue());
                }
            }
            return changed;
        }

        FieldShape child(String name) {
            return this.children.computeIfAbsent(name, (key) -> new FieldShape());
        }

        /**
         * Makes sure the shape has a record kind with the named child; returns whether it
         * changed.
         */
        boolean requireChild(String name) {
            boolean changed = this.kinds.add(ValueKind.RECORD);
            if (!this.children.containsKey(name)) {
                child(name).kinds.add(ValueKind.STRING);
                changed = true;
            }
            return changed;
        }

        Schema schema(String name) {
            List<Schema> branches = new ArrayList<>();
            branches.add(Schema.create(Schema.Type.NULL));
            // A field declared or named but never seen with a value is a string.
            for (ValueKind kind : this.kinds.isEmpty() ? Set.of(ValueKind.STRING) : this.kinds) {
                branches.add(switch (kind) {
                    case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
                    case LONG -> Schema.create(Schema.Type.LONG);
                    case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
                    case STRING -> Schema.create(Schema.Type.STRING);
                    case STRINGS -> Schema.createArray(Schema.create(Schema.Type.STRING));
                    case RECORD -> {
                        List<Schema.Field> fields = new ArrayList<>();
                        this.children.forEach((child, shape) -> fields.add(optional(child, shape.schema(child))));
                        yield Schema.createRecord(name, null, NAMESPACE, false, fields);
                    }
                });
            }
            return Schema.createUnion(branches);
        }

    }

    /** An event type's fields and current schema. */
    private static final class EventType {

        private final String recordName;

        private final boolean changeEvent;

        private final Map<String, FieldShape> fields = new LinkedHashMap<>();

        private @Nullable Version current;

        EventType(String recordName, boolean changeEvent, Collection<String> declared) {
            this.recordName = recordName;
            this.changeEvent = changeEvent;
            declared.forEach(this::field);
        }

        private FieldShape field(String name) {
            return this.fields.computeIfAbsent(name, (key) -> new FieldShape());
        }

        synchronized Version select(Map<String, Object> values, Collection<String> referenced) {
            boolean changed = this.current == null;
            for (Map.Entry<String, Object> entry : values.entrySet()) {
                String name = entry.getKey();
                if (isFixed(name)) {
                    continue;
                }
                changed |= !this.fields.containsKey(name);
                changed |= field(name).absorb(entry.getValue());
            }
            for (String name : referenced) {
                int dot = name.indexOf('.');
                String top = (dot < 0) ? name : name.substring(0, dot);
                if (isFixed(top)) {
                    continue;
                }
                changed |= !this.fields.containsKey(top);
                FieldShape shape = field(top);
                changed |= (dot < 0) ? shape.kinds.isEmpty() && shape.kinds.add(ValueKind.STRING)
                        : shape.requireChild(name.substring(dot + 1));
            }
            if (changed) {
                this.current = new Version(SalesforceIds.randomAlphanumeric(22), build());
            }
            return this.current;
        }

        private boolean isFixed(String name) {
            return this.changeEvent ? name.equals(EventShapes.CHANGE_EVENT_HEADER)
                    : name.equals(CREATED_DATE) || name.equals(CREATED_BY_ID);
        }

        private Schema build() {
            List<Schema.Field> all = new ArrayList<>();
            if (this.changeEvent) {
                all.add(new Schema.Field(EventShapes.CHANGE_EVENT_HEADER, changeEventHeader()));
            }
            else {
                all.add(new Schema.Field(CREATED_DATE, Schema.create(Schema.Type.LONG)));
                all.add(new Schema.Field(CREATED_BY_ID, Schema.create(Schema.Type.STRING)));
            }
            this.fields.forEach((name, shape) -> all.add(optional(name, shape.schema(name))));
            return Schema.createRecord(this.recordName, null, NAMESPACE, false, all);
        }

    }

    private static Schema.Field optional(String name, Schema union) {
        return new Schema.Field(name, union, null, Schema.Field.NULL_DEFAULT_VALUE);
    }

    private static Schema changeEventHeader() {
        Schema string = Schema.create(Schema.Type.STRING);
        Schema strings = Schema.createArray(Schema.create(Schema.Type.STRING));
        List<Schema.Field> fields = new ArrayList<>();
        fields.add(new Schema.Field("entityName", string));
        fields.add(new Schema.Field("recordIds", strings));
        fields.add(new Schema.Field("changeType", Schema.createEnum("ChangeType", null, NAMESPACE, CHANGE_TYPES)));
        fields.add(new Schema.Field("changeOrigin", Schema.create(Schema.Type.STRING)));
        fields.add(new Schema.Field("transactionKey", Schema.create(Schema.Type.STRING)));
        fields.add(new Schema.Field("sequenceNumber", Schema.create(Schema.Type.INT)));
        fields.add(new Schema.Field("commitTimestamp", Schema.create(Schema.Type.LONG)));
        fields.add(new Schema.Field("commitNumber", Schema.create(Schema.Type.LONG)));
        fields.add(new Schema.Field("commitUser", Schema.create(Schema.Type.STRING)));
        for (String bitmaps : BITMAP_FIELDS) {
            fields.add(new Schema.Field(bitmaps, Schema.createArray(Schema.create(Schema.Type.STRING))));
        }
        return Schema.createRecord("ChangeEventHeader", null, NAMESPACE, false, fields);
    }

}
