package io.sfstream.pubsub.internal;

import java.util.Collection;
import java.util.List;

import org.apache.avro.Schema;

/**
 * Opens {@link AvroPayloads#fieldNames} to the tests of other packages.
 */
public final class BitmapsForTests {

    private BitmapsForTests() {
    }

    /**
     * Decodes bitmaps into field names.
     * @param event the writer schema
     * @param bitmaps the elements
     * @return the names
     */
    public static List<String> names(Schema event, Collection<?> bitmaps) {
        return AvroPayloads.fieldNames(event, bitmaps);
    }

}
