package io.sfstream.spring.listener;

import java.util.Map;

import org.springframework.retry.backoff.NoBackOffPolicy;
import org.springframework.retry.policy.SimpleRetryPolicy;

/**
 * Retries for the unit tests, with the policy the auto-configuration builds (every
 * exception, causes traversed).
 */
final class TestRetries {

    private TestRetries() {
    }

    static SimpleRetryPolicy policy(int maxAttempts) {
        return new SimpleRetryPolicy(maxAttempts, Map.of(Exception.class, true), true);
    }

    static ListenerRetry attempts(int maxAttempts) {
        return new ListenerRetry(policy(maxAttempts), new NoBackOffPolicy());
    }

}
