package io.sfstream.spring.listener;

import org.springframework.retry.RetryPolicy;
import org.springframework.retry.backoff.BackOffPolicy;

/**
 * How a failed listener call is retried: spring-retry's {@link RetryPolicy} decides
 * whether the method is called again (how many attempts, after which failures) and its
 * {@link BackOffPolicy} waits before each new call. A container consults them only after
 * a call failed: a call that succeeds costs no retry context. Both are shared by every
 * container, so they must keep their state in the contexts they open, as spring-retry's
 * policies do.
 *
 * @param policy decides whether to call the method again after a failure
 * @param backOff waits before each new call; when the thread is interrupted it must end
 * the wait with a {@link org.springframework.retry.backoff.BackOffInterruptedException},
 * as spring-retry's sleeping policies do
 */
public record ListenerRetry(RetryPolicy policy, BackOffPolicy backOff) {
}
