package io.sfstream.spring.autoconfigure;

import java.util.Map;

import io.sfstream.spring.autoconfigure.SalesforceStreamingProperties.Listener.Retry;
import io.sfstream.spring.listener.ListenerRetry;

import org.springframework.retry.backoff.ExponentialBackOffPolicy;
import org.springframework.retry.policy.SimpleRetryPolicy;

/**
 * Builds the {@link ListenerRetry} for failed listener calls from
 * {@code salesforce.streaming.listener.retry.*}: spring-retry's policies, retrying every
 * {@link Exception} (also when wrapped) but no {@link Error}.
 */
final class ListenerRetryPropertiesMapper {

    private static final String PREFIX = "salesforce.streaming.listener.retry.";

    private ListenerRetryPropertiesMapper() {
    }

    static ListenerRetry listenerRetry(Retry retry) {
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
                    "initial-interval (" + retry.getInitialInterval()
                            + ") must be positive and not above max-interval (" + retry.getMaxInterval() + ")",
                    "Set initial-interval and max-interval so that 0 < initial-interval <= max-interval.");
        }
        SimpleRetryPolicy policy = new SimpleRetryPolicy(retry.getMaxAttempts(), Map.of(Exception.class, true), true);
        ExponentialBackOffPolicy backOff = new ExponentialBackOffPolicy();
        backOff.setInitialInterval(initial);
        backOff.setMultiplier(retry.getMultiplier());
        backOff.setMaxInterval(max);
        return new ListenerRetry(policy, backOff);
    }

}
