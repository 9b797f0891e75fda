package io.sfstream.pubsub.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * The writer schemas of the events received, fetched with {@code GetSchema} the first
 * time an id is seen and kept for good (a schema id never changes meaning: a schema
 * change gives a new id, PUBSUB section 4), with one datum reader each. Thread-safe.
 */
final class Schemas {

    private final Function<String, String> fetch;

    private final Map<String, GenericDatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();

    /**
     * Creates the cache.
     * @param fetch returns the JSON of a schema id ({@code GetSchema}); throws when it
     * cannot
     */
    Schemas(Function<String, String> fetch) {
        this.fetch = fetch;
    }

    /**
     * Returns the reader of a schema, fetching the schema the first time.
     * @param schemaId the schema id
     * @return a reader whose writer schema is that schema
     * @throws RuntimeException when the schema cannot be fetched or parsed
     */
    GenericDatumReader<GenericRecord> reader(String schemaId) {
        GenericDatumReader<GenericRecord> reader = this.readers.get(schemaId);
        if (reader == null) {
            Schema schema = new Schema.Parser().parse(this.fetch.apply(schemaId));
            reader = new GenericDatumReader<>(schema);
            this.readers.putIfAbsent(schemaId, reader);
        }
        return reader;
    }

    /**
     * Returns how many schemas were fetched.
     * @return the count
     */
    int size() {
        return this.readers.size();
    }

}
