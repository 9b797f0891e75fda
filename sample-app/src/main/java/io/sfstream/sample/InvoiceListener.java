package io.sfstream.sample;

import java.util.Map;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A PushTopic as a {@code Map} (the {@code sobject}), with the whole event for its type
 * (created, updated, ...). PushTopics exist on the CometD Streaming API only: the
 * listener stays there when {@code salesforce.streaming.transport=pubsub} moves the
 * others.
 */
@Component
class InvoiceListener {

    private static final Logger logger = LoggerFactory.getLogger(InvoiceListener.class);

    @SalesforceListener(channels = "${sample.channels.invoices:/topic/InvoiceUpdates}", id = "invoices",
            transport = Transport.COMETD)
    void onInvoice(Map<String, Object> invoice, StreamingEvent event) {
        logger.info("Invoice {} {}: status {}, amount {}", invoice.get("Name"), event.eventType(),
                invoice.get("Status__c"), invoice.get("Amount__c"));
    }

}
