package io.sfstream.sample;

import java.time.Instant;

import io.sfstream.spring.EventTime;
import io.sfstream.spring.ReplayId;
import io.sfstream.spring.SalesforceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A platform event converted into a Java record, with the event's metadata (replay id,
 * event time) by annotation. The replay id as a {@code ReplayId} works over both
 * transports (a Pub/Sub API replay id is opaque bytes, not a number).
 */
@Component
class OrderListener {

    private static final Logger logger = LoggerFactory.getLogger(OrderListener.class);

    @SalesforceListener(channels = "${sample.channels.orders:/event/Order_Placed__e}", id = "orders")
    void onOrder(OrderPlaced order, @ReplayId io.sfstream.core.replay.ReplayId replayId, @EventTime Instant eventTime) {
        logger.info("Order {} for {}: {} ({}) [replay id {}, created {}]", order.OrderNumber__c(), order.Account__c(),
                order.Amount__c(), order.Status__c(), replayId, eventTime);
    }

}
