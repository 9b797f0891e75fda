package io.sfstream.pubsub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PUBSUB section 4's bitmap example, decoded by the client, and the two copies of
 * {@code pubsub_api.proto} kept in step.
 */
class AvroPayloadsBitmapTests {

    @Test
    void theDocumentedBitmapMarksFields5To30() {
        List<Schema.Field> fields = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            fields.add(new Schema.Field("F" + i, Schema.create(Schema.Type.STRING)));
        }
        Schema address = Schema.createRecord("Address", null, "x", false,
                List.of(new Schema.Field("Street", Schema.create(Schema.Type.STRING)),
                        new Schema.Field("City", Schema.create(Schema.Type.STRING))));
        fields.set(3, new Schema.Field("BillingAddress", Schema.createUnion(Schema.create(Schema.Type.NULL), address),
                null, Schema.Field.NULL_DEFAULT_VALUE));
        Schema event = Schema.createRecord("E", null, "x", false, fields);
        assertThat(io.sfstream.pubsub.internal.BitmapsForTests.names(event, List.of("0x650004E0", "3-0x2")))
            .containsExactly("F5", "F6", "F7", "F10", "F24", "F26", "F29", "F30", "BillingAddress.City");
    }

    @Test
    void theEmulatorsProtoDiffersOnlyInItsJavaPackage() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String client = Files.readString(root.resolve("salesforce-streaming-pubsub/src/main/proto/pubsub_api.proto"),
                StandardCharsets.UTF_8);
        String emulator = Files.readString(
                root.resolve("salesforce-streaming-emulator/src/main/proto/pubsub_api.proto"), StandardCharsets.UTF_8);
        assertThat(emulator.replace("io.sfstream.emulator.internal.pubsub.proto", "io.sfstream.pubsub.internal.proto"))
            .isEqualTo(client);
    }

}
