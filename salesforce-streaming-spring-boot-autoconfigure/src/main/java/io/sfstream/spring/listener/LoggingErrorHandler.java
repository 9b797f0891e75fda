package io.sfstream.spring.listener;

import io.sfstream.spring.SalesforceListenerErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default error handler: logs the failure with the listener, channel and replay id;
 * the stream goes on.
 */
public final class LoggingErrorHandler implements SalesforceListenerErrorHandler {

    private static final Logger logger = LoggerFactory.getLogger(LoggingErrorHandler.class);

    @Override
    public void handle(FailedEvent failure) {
        logger.error(
                "@SalesforceListener '{}' failed {} time(s) for the event with replay id {} on {}; "
                        + "the event is skipped",
                failure.listenerId(), failure.attempts(), failure.event().replayId(), failure.event().channel(),
                failure.error());
    }

}
