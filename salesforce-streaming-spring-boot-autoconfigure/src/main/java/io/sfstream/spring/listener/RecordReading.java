package io.sfstream.spring.listener;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets Jackson skip a payload's unknown properties when it binds records, instead of
 * buffering them. Jackson creates a record through its constructor, so it copies every
 * property it does not know into a token buffer until the record is built, then replays
 * them only to skip them (a Change Data Capture payload has dozens of fields and a nested
 * header; a listener's record usually declares a few). When unknown properties are
 * ignored anyway (the mapper does not fail on them and has no problem handler that would
 * see them), the same result is obtained by marking the record types ignore-unknown in a
 * copy of the mapper, which skips them as they are read. Classes with setters need
 * nothing of the kind: Jackson skips their unknown properties as it reads them.
 */
final class RecordReading {

    /** Nested record types are followed this deep at most. */
    private static final int MAX_DEPTH = 8;

    private RecordReading() {
    }

    /**
     * Returns the mapper to read a payload of the given type with: the mapper itself, or
     * a copy that ignores the unknown properties of the type's records.
     * @param mapper the application's mapper
     * @param type the target type
     * @return the mapper to use
     */
    static JsonMapper mapperFor(JsonMapper mapper, JavaType type) {
        if (mapper.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                || mapper.deserializationConfig().getProblemHandlers() != null) {
            return mapper;
        }
        Set<Class<?>> records = new LinkedHashSet<>();
        collectRecords(type.getRawClass(), records, 0);
        if (records.isEmpty()) {
            return mapper;
        }
        try {
            JsonMapper.Builder builder = mapper.rebuild();
            for (Class<?> record : records) {
                builder.withConfigOverride(record,
                        (override) -> override.setIgnorals(JsonIgnoreProperties.Value.forIgnoreUnknown(true)));
            }
            return builder.build();
        }
        catch (RuntimeException ex) {
            // A mapper that cannot be rebuilt reads the payload as it is, unknown
            // properties buffered.
            return mapper;
        }
    }

    /**
     * The record types reachable from a type through record components (and their type
     * arguments).
     */
    static void collectRecords(Type type, Set<Class<?>> records, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (type instanceof ParameterizedType parameterized) {
            collectRecords(parameterized.getRawType(), records, depth);
            for (Type argument : parameterized.getActualTypeArguments()) {
                collectRecords(argument, records, depth + 1);
            }
            return;
        }
        if (type instanceof Class<?> raw && raw.isRecord() && records.add(raw)) {
            for (RecordComponent component : raw.getRecordComponents()) {
                collectRecords(component.getGenericType(), records, depth + 1);
            }
        }
    }

}
