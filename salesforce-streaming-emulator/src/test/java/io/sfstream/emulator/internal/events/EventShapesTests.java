package io.sfstream.emulator.internal.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sfstream.emulator.internal.org.SalesforceIds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link EventShapes#changeEvent}: deeply immutable, sharing nothing the caller may
 * change, with the random parts in Salesforce's formats.
 */
class EventShapesTests {

    private final EventShapes shapes = new EventShapes();

    @Test
    @SuppressWarnings("unchecked")
    void aChangeEventIsDeeplyImmutableAndIndependentOfTheCallersFields() {
        List<Object> tags = new ArrayList<>(List.of("a"));
        Map<String, Object> nested = new LinkedHashMap<>(Map.of("k", "v"));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Id", "001Hs00000A1b2cIAB");
        fields.put("Name", "Acme");
        fields.put("Tags__c", tags);
        fields.put("Nested__c", nested);
        Map<String, Object> data = this.shapes.changeEvent(7, Instant.ofEpochMilli(1000), "schema", "Account",
                "005Hs00000A1b2cIAB", fields);
        tags.add("b");
        nested.put("k2", "v2");
        fields.put("Name", "Changed");
        Map<String, Object> payload = (Map<String, Object>) data.get("payload");
        Map<String, Object> header = (Map<String, Object>) payload.get("ChangeEventHeader");
        assertThat(data.keySet()).containsExactly("schema", "payload", "event");
        assertThat(payload.keySet()).containsExactly("ChangeEventHeader", "Name", "Tags__c", "Nested__c");
        assertThat(payload).containsEntry("Name", "Acme")
            .containsEntry("Tags__c", List.of("a"))
            .containsEntry("Nested__c", Map.of("k", "v"));
        assertThat(header).containsEntry("recordIds", List.of("001Hs00000A1b2cIAB"))
            .containsEntry("changeType", "UPDATE")
            .containsEntry("changedFields", List.of("Name", "Tags__c", "Nested__c"))
            .containsEntry("commitTimestamp", 1000L);
        assertThat((String) header.get("transactionKey")).matches("[0-9a-f]{20}-[a-z0-9]{4}");
        assertThat((Map<String, Object>) data.get("event")).containsExactly(Map.entry("replayId", 7L));
        assertThatThrownBy(() -> data.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> payload.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> header.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) header.get("changedFields")).add("x"))
            .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) payload.get("Tags__c")).add("x"))
            .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<String, Object>) payload.get("Nested__c")).put("x", 1))
            .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aNewRecordGetsAnIdAndIsACreate() {
        Map<String, Object> data = this.shapes.changeEvent(1, Instant.EPOCH, "schema", "Account", "005", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) ((Map<String, Object>) data.get("payload"))
            .get("ChangeEventHeader");
        assertThat(header).containsEntry("changeType", "CREATE").containsEntry("changedFields", List.of());
        assertThat((List<?>) header.get("recordIds")).singleElement()
            .asString()
            .matches("001[A-Za-z0-9]{15}")
            .isEqualTo(
                    SalesforceIds.toEighteen(((String) ((List<?>) header.get("recordIds")).get(0)).substring(0, 15)));
    }

    @Test
    void randomUuidsAreVersionFour() {
        for (int i = 0; i < 100; i++) {
            assertThat(SalesforceIds.randomUuid().toString())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

}
