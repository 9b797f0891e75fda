package io.sfstream.pubsub.internal;

import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a change event's record becomes the payload the CometD API would deliver. */
class AvroPayloadsTests {

    private static final Schema ADDRESS = SchemaBuilder.record("Address")
        .fields()
        .optionalString("Street")
        .optionalString("City")
        .endRecord();

    private static final Schema HEADER = SchemaBuilder.record("ChangeEventHeader")
        .fields()
        .requiredString("changeType")
        .name("changedFields")
        .type()
        .array()
        .items()
        .stringType()
        .noDefault()
        .name("nulledFields")
        .type()
        .array()
        .items()
        .stringType()
        .noDefault()
        .name("diffFields")
        .type()
        .array()
        .items()
        .stringType()
        .noDefault()
        .endRecord();

    // Top-level positions: 0 ChangeEventHeader, 1 Name, 2 Phone, 3 Fax, 4 BillingAddress.
    private static final Schema EVENT = SchemaBuilder.record("AccountChangeEvent")
        .namespace("com.sforce.eventbus")
        .fields()
        .name("ChangeEventHeader")
        .type(HEADER)
        .noDefault()
        .optionalString("Name")
        .optionalString("Phone")
        .optionalString("Fax")
        .name("BillingAddress")
        .type()
        .optional()
        .type(ADDRESS)
        .endRecord();

    @Test
    void unchangedFieldsAreLeftOutAndNulledOnesKeptAsOnCometD() {
        GenericRecord address = new GenericData.Record(ADDRESS);
        address.put("City", "Austin");
        GenericRecord event = event(List.of("0x16", "4-0x2"), List.of("0x4"));
        event.put("Name", "Initech");
        event.put("BillingAddress", address);

        Map<String, Object> payload = AvroPayloads.payload(event);

        assertThat(payload).containsOnlyKeys("ChangeEventHeader", "Name", "Phone", "BillingAddress");
        assertThat(payload.get("Phone")).isNull();
        assertThat(payload.get("BillingAddress")).isEqualTo(Map.of("City", "Austin"));
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) payload.get("ChangeEventHeader");
        assertThat(header.get("nulledFields")).isEqualTo(List.of("Phone"));
        assertThat(header.get("changedFields"))
            .isEqualTo(List.of("Name", "Phone", "BillingAddress", "BillingAddress.City"));
    }

    @Test
    void aNulledPartOfACompoundFieldIsKeptAsNull() {
        GenericRecord address = new GenericData.Record(ADDRESS);
        address.put("City", "Austin");
        GenericRecord event = event(List.of("4-0x3"), List.of("4-0x1"));
        event.put("BillingAddress", address);

        Map<String, Object> payload = AvroPayloads.payload(event);

        assertThat(payload).containsOnlyKeys("ChangeEventHeader", "BillingAddress");
        @SuppressWarnings("unchecked")
        Map<String, Object> billing = (Map<String, Object>) payload.get("BillingAddress");
        assertThat(billing).containsEntry("City", "Austin").containsEntry("Street", null).hasSize(2);
    }

    @Test
    void aPlatformEventKeepsEveryFieldOfItsSchema() {
        Schema order = SchemaBuilder.record("Order_Placed__e")
            .fields()
            .optionalString("OrderNumber__c")
            .optionalString("Note__c")
            .endRecord();
        GenericRecord event = new GenericData.Record(order);
        event.put("OrderNumber__c", "A-1");

        assertThat(AvroPayloads.payload(event)).containsOnlyKeys("OrderNumber__c", "Note__c");
    }

    private static GenericRecord event(List<String> changed, List<String> nulled) {
        GenericRecord header = new GenericData.Record(HEADER);
        header.put("changeType", "UPDATE");
        header.put("changedFields", changed);
        header.put("nulledFields", nulled);
        header.put("diffFields", List.of());
        GenericRecord event = new GenericData.Record(EVENT);
        event.put("ChangeEventHeader", header);
        return event;
    }

}
