package io.sfstream.sample;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The {@code Order_Placed__e} platform event, as a Java record: its components are named
 * like the event's fields (custom fields end in {@code __c}); fields the record does not
 * declare are ignored.
 *
 * @param OrderNumber__c the order number
 * @param Account__c the account name
 * @param Amount__c the amount
 * @param Status__c the status
 * @param CreatedDate when the event was published
 */
public record OrderPlaced(String OrderNumber__c, @Nullable String Account__c, @Nullable Double Amount__c,
        @Nullable String Status__c, @Nullable Instant CreatedDate) {
}
