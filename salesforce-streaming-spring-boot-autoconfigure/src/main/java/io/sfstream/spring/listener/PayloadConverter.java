package io.sfstream.spring.listener;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts an event's payload to a listener parameter's type (a POJO, a record, a
 * {@code JsonNode}) with the application's {@link JsonMapper}. The payload is read
 * through a {@link PayloadParser}, which is what {@code convertValue} computes without
 * serializing the payload into a token buffer first; a payload holding a value the parser
 * does not read falls back to {@code convertValue}. Thread-safe.
 */
final class PayloadConverter {

    private final JsonMapper jsonMapper;

    private final JsonMapper fallbackMapper;

    private final JavaType type;

    /**
     * Creates the converter.
     * @param jsonMapper the mapper
     * @param type the target type
     */
    PayloadConverter(JsonMapper jsonMapper, JavaType type) {
        this.jsonMapper = RecordReading.mapperFor(jsonMapper, type);
        this.fallbackMapper = jsonMapper;
        this.type = type;
    }

    /**
     * Converts a payload.
     * @param payload the payload
     * @return the converted value, as {@code convertValue} would return it
     * @throws tools.jackson.core.JacksonException when the payload does not fit the type
     */
    @Nullable Object convert(Map<String, Object> payload) {
        try (PayloadParser parser = new PayloadParser(payload)) {
            return this.jsonMapper.readValue(parser, this.type);
        }
        catch (RuntimeException ex) {
            if (isUnsupportedValue(ex)) {
                return this.fallbackMapper.convertValue(payload, this.type);
            }
            throw ex;
        }
    }

    private static boolean isUnsupportedValue(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadParser.UnsupportedValueException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "PayloadConverter[" + this.type + "]";
    }

}
