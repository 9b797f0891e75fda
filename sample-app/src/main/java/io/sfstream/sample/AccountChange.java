package io.sfstream.sample;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A Change Data Capture event of the Account object: the {@code ChangeEventHeader} and
 * the changed fields.
 *
 * @param header the change event header
 * @param name the account name, when it changed
 * @param rating the account rating, when it changed
 */
public record AccountChange(@JsonProperty("ChangeEventHeader") Header header,
        @JsonProperty("Name") @Nullable String name, @JsonProperty("Rating") @Nullable String rating) {

    /**
     * The header every Change Data Capture event carries.
     *
     * @param entityName the object, such as {@code Account}
     * @param changeType {@code CREATE}, {@code UPDATE}, {@code DELETE}, {@code UNDELETE},
     * or a {@code GAP_} type
     * @param recordIds the ids of the changed records
     * @param changedFields the fields that changed (updates)
     * @param commitTimestamp when the transaction committed, epoch milliseconds
     */
    public record Header(String entityName, String changeType, List<String> recordIds,
            @Nullable List<String> changedFields, long commitTimestamp) {
    }
}
