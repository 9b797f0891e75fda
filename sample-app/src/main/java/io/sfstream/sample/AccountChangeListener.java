package io.sfstream.sample;

import io.sfstream.spring.SalesforceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A Change Data Capture stream, reading the {@code ChangeEventHeader}.
 */
@Component
class AccountChangeListener {

    private static final Logger logger = LoggerFactory.getLogger(AccountChangeListener.class);

    @SalesforceListener(channels = "${sample.channels.account-changes:/data/AccountChangeEvent}",
            id = "account-changes")
    void onAccountChange(AccountChange change) {
        AccountChange.Header header = change.header();
        logger.info("{} {} {}: name={}, rating={}, changed fields={}", header.changeType(), header.entityName(),
                header.recordIds(), change.name(), change.rating(), header.changedFields());
    }

}
