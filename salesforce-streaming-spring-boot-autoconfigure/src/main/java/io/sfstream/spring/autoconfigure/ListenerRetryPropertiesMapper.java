package io.sfstream.spring.autoconfigure;

import io.sfstream.spring.autoconfigure.SalesforceStreamingProperties.Listener.Retry;

import org.springframework.retry.support.RetryTemplate;

/**
 * Builds the {@link RetryTemplate} for failed listener calls from {@code salesforce.streaming.listener.retry.*}.
 */
final class ListenerRetryPropertiesMapper {

    private static final String PREFIX = "salesforce.streaming.listener.retry.";

    private ListenerRetryPropertiesMapper() {
    }

    static RetryTemplate retryTemplate(Retry retry) {
        if (retry.getMaxAttempts() < 1) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "max-attempts",
                    "must be 1 or more, not " + retry.getMaxAttempts(),
                    "Set it to 1 to disable retries, or more to retry failed listener calls.");
        }
        if (retry.getMultiplier() < 1.0) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "multiplier",
                    "must be 1.0 or more, not " + retry.getMultiplier(), "Set it to 1.0 for a fixed delay, or more.");
        }
        long initial = retry.getInitialInterval().toMillis();
        long max = retry.getMaxInterval().toMillis();
        if (initial < 1 || max < initial) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "initial-interval",
                    "initial-interval (" + retry.getInitialInterval() + ") must be positive and not above max-interval ("
                            + retry.getMaxInterval() + ")",
                    "Set initial-interval and max-interval so that 0 < initial-interval <= max-interval.");
        }
        return RetryTemplate.builder()
            .maxAttempts(retry.getMaxAttempts())
            .exponentialBackoff(initial, retry.getMultiplier(), max)
            .retryOn(Exception.class)
            .traversingCauses()
            .build();
    }
}
