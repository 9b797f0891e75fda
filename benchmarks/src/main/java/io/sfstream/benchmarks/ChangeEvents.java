package io.sfstream.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic Account Change Data Capture records: about 1.1 KB of JSON per event once the
 * emulator adds the {@code ChangeEventHeader}. {@link #SENT_MICROS} carries the publish
 * time for latency.
 */
public final class ChangeEvents {

    /** The entity; the channel is {@code /data/AccountChangeEvent}. */
    public static final String ENTITY = "Account";

    /** The channel the benchmark publishes on. */
    public static final String CHANNEL = "/data/AccountChangeEvent";

    /** The payload field holding the publish time in epoch microseconds. */
    public static final String SENT_MICROS = "SentMicros__c";

    private ChangeEvents() {
    }

    /**
     * Returns the fields of one Account record.
     * @param sentMicros the publish time
     * @return the record's fields, as given to {@code publish}
     */
    public static Map<String, Object> account(long sentMicros) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", "Acme Industrial Supplies International");
        fields.put("Type", "Customer - Direct");
        fields.put("Industry", "Manufacturing");
        fields.put("AnnualRevenue", 125_000_000.0);
        fields.put("NumberOfEmployees", 4_200);
        fields.put("Phone", "(415) 555-0142");
        fields.put("Website", "https://www.acme-industrial.example.com");
        fields.put("BillingStreet", "1 Market Street, Suite 300");
        fields.put("BillingCity", "San Francisco");
        fields.put("BillingState", "CA");
        fields.put("BillingPostalCode", "94105");
        fields.put("BillingCountry", "United States");
        fields.put("Rating", "Hot");
        fields.put("AccountSource", "Partner Referral");
        fields.put("Description", "Key account for the western region; renewal negotiations scheduled for Q3, "
                + "includes the industrial maintenance contract and the extended warranty programme.");
        fields.put("OwnerId", "005Hs00000A1b2cIAB");
        fields.put("CreatedById", "005Hs00000A1b2cIAB");
        fields.put("LastModifiedById", "005Hs00000A1b2cIAB");
        fields.put("CreatedDate", "2026-01-15T10:42:17.000Z");
        fields.put("LastModifiedDate", "2026-01-15T10:42:17.000Z");
        fields.put("Customer_Priority__c", "High");
        fields.put("SLA__c", "Gold");
        fields.put(SENT_MICROS, sentMicros);
        return fields;
    }

    /**
     * Returns a batch of records sharing one publish time.
     * @param count how many
     * @param sentMicros the publish time
     * @return the batch
     */
    public static List<Map<String, Object>> batch(int count, long sentMicros) {
        Map<String, Object> fields = account(sentMicros);
        List<Map<String, Object>> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(fields);
        }
        return batch;
    }

}
