package io.sfstream.spring.listener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.spring.SalesforceListenerErrorHandler;
import io.sfstream.spring.SalesforceListenerErrorHandler.FailedEvent;
import io.sfstream.spring.support.TestEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.retry.RetryContext;
import org.springframework.retry.RetryPolicy;
import org.springframework.retry.backoff.ExponentialBackOffPolicy;
import org.springframework.retry.backoff.FixedBackOffPolicy;
import org.springframework.retry.backoff.Sleeper;

import static org.assertj.core.api.Assertions.assertThat;

class SalesforceListenerContainerTests {

    private static final StreamingEvent EVENT = TestEvent.of("/event/Order__e", 7L, null, Map.of("a", 1), "{\"a\":1}");

    private final List<FailedEvent> failures = new ArrayList<>();

    private final List<String> stopRequests = new ArrayList<>();

    private final List<String> outcomes = new CopyOnWriteArrayList<>();

    /** The listener bean: fails the first {@code failures} calls. */
    public static final class Flaky {

        final AtomicInteger calls = new AtomicInteger();

        int failuresLeft;

        boolean throwError;

        public void onEvent(StreamingEvent event) {
            this.calls.incrementAndGet();
            if (this.failuresLeft-- > 0) {
                if (this.throwError) {
                    throw new AssertionError("error " + this.calls.get());
                }
                throw new IllegalStateException("failure " + this.calls.get());
            }
        }

    }

    private SalesforceListenerContainer container(Flaky bean, int maxAttempts) throws Exception {
        FixedBackOffPolicy backOff = new FixedBackOffPolicy();
        backOff.setBackOffPeriod(1);
        return container(bean, new ListenerRetry(TestRetries.policy(maxAttempts), backOff));
    }

    private SalesforceListenerContainer container(Flaky bean, ListenerRetry retry) throws Exception {
        return container(bean, retry, this.failures::add);
    }

    private SalesforceListenerContainer container(Flaky bean, ListenerRetry retry,
            SalesforceListenerErrorHandler errorHandler) throws Exception {
        Method method = Flaky.class.getMethod("onEvent", StreamingEvent.class);
        SalesforceListenerEndpoint endpoint = new SalesforceListenerEndpoint("flaky", List.of("/event/Order__e"), null,
                true, new ListenerMethodInvoker(bean, method, JsonMapper.builder().build()));
        return new SalesforceListenerContainer(endpoint, retry, errorHandler, new DispatchObserver() {

            @Override
            public void processed(StreamingEvent event, String listenerId, Duration duration) {
                SalesforceListenerContainerTests.this.outcomes.add("processed " + listenerId);
            }

            @Override
            public void failed(StreamingEvent event, String listenerId, Duration duration, Throwable error) {
                SalesforceListenerContainerTests.this.outcomes.add("failed " + listenerId + ": " + error.getMessage());
            }
        }, this.stopRequests::add);
    }

    @Test
    void aCallThatSucceedsIsMadeOnce() throws Exception {
        Flaky bean = new Flaky();
        assertThat(container(bean, 3).deliver(EVENT)).isTrue();
        assertThat(bean.calls).hasValue(1);
        assertThat(this.failures).isEmpty();
        assertThat(this.outcomes).containsExactly("processed flaky");
    }

    @Test
    void aCallThatSucceedsAtOnceOpensNoRetryContext() throws Exception {
        CountingRetryPolicy policy = new CountingRetryPolicy(TestRetries.policy(3));
        Flaky bean = new Flaky();
        SalesforceListenerContainer container = container(bean, new ListenerRetry(policy, new FixedBackOffPolicy()));
        for (int i = 0; i < 3; i++) {
            assertThat(container.deliver(EVENT)).isTrue();
        }
        assertThat(policy.opened).hasValue(0);
        bean.failuresLeft = 1;
        assertThat(container.deliver(EVENT)).isTrue();
        assertThat(policy.opened).hasValue(1);
        assertThat(policy.closed).hasValue(1);
    }

    @Test
    void aFailedFirstCallIsRetriedByThePolicyUntilItSucceeds() throws Exception {
        Flaky bean = new Flaky();
        bean.failuresLeft = 2;
        assertThat(container(bean, 3).deliver(EVENT)).isTrue();
        assertThat(bean.calls).hasValue(3);
        assertThat(this.failures).isEmpty();
        assertThat(this.outcomes).containsExactly("processed flaky");
    }

    @Test
    void everyRetryWaitsTheDelayOfTheBackOffPolicy() throws Exception {
        List<Long> sleeps = new CopyOnWriteArrayList<>();
        ExponentialBackOffPolicy backOff = new ExponentialBackOffPolicy();
        backOff.setInitialInterval(100);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(300);
        Flaky bean = new Flaky();
        bean.failuresLeft = 10;
        container(bean, new ListenerRetry(TestRetries.policy(5), backOff.withSleeper((Sleeper) sleeps::add)))
            .deliver(EVENT);
        assertThat(bean.calls).hasValue(5);
        assertThat(sleeps).containsExactly(100L, 200L, 300L, 300L);
    }

    @Test
    void everyAttemptFailingReachesTheErrorHandlerWithTheAttemptCountAndLastError() throws Exception {
        Flaky bean = new Flaky();
        bean.failuresLeft = 10;
        assertThat(container(bean, 3).deliver(EVENT)).isTrue();
        assertThat(bean.calls).hasValue(3);
        assertThat(this.failures).singleElement().satisfies((failure) -> {
            assertThat(failure.attempts()).isEqualTo(3);
            assertThat(failure.error()).hasMessage("failure 3");
        });
        assertThat(this.outcomes).containsExactly("failed flaky: failure 3");
    }

    @Test
    void oneAttemptMeansNoRetry() throws Exception {
        Flaky bean = new Flaky();
        bean.failuresLeft = 10;
        container(bean, 1).deliver(EVENT);
        assertThat(bean.calls).hasValue(1);
        assertThat(this.failures).singleElement().satisfies((failure) -> {
            assertThat(failure.attempts()).isEqualTo(1);
            assertThat(failure.error()).hasMessage("failure 1");
        });
    }

    @Test
    void anErrorIsNotRetriedWhenThePolicyRetriesExceptionsOnly() throws Exception {
        Flaky bean = new Flaky();
        bean.failuresLeft = 10;
        bean.throwError = true;
        container(bean, 3).deliver(EVENT);
        assertThat(bean.calls).hasValue(1);
        assertThat(this.failures).singleElement()
            .satisfies((failure) -> assertThat(failure.error()).isInstanceOf(AssertionError.class));
    }

    @Test
    void anInterruptDuringTheBackOffEndsTheRetriesWithoutTheErrorHandler() throws Exception {
        Flaky bean = new Flaky();
        bean.failuresLeft = 10;
        ExponentialBackOffPolicy backOff = new ExponentialBackOffPolicy().withSleeper((Sleeper) (millis) -> {
            throw new InterruptedException("stopping");
        });
        try {
            assertThat(container(bean, new ListenerRetry(TestRetries.policy(3), backOff)).deliver(EVENT)).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }
        finally {
            Thread.interrupted();
        }
        assertThat(bean.calls).hasValue(1);
        assertThat(this.failures).isEmpty();
        assertThat(this.outcomes).containsExactly("failed flaky: failure 1");
    }

    @Test
    void anErrorHandlerThatStopsTheListenerAsksForTheStopAndLeavesTheEventUnhandled() throws Exception {
        Flaky bean = new Flaky();
        bean.failuresLeft = 10;
        assertThat(container(bean, TestRetries.attempts(1), FailedEvent::stopListener).deliver(EVENT)).isFalse();
        assertThat(this.stopRequests).containsExactly("flaky");
    }

    @Test
    void anErrorHandlerThatFailsStopsTheListener() throws Exception {
        Flaky bean = new Flaky();
        bean.failuresLeft = 10;
        SalesforceListenerContainer container = container(bean, TestRetries.attempts(1), (failure) -> {
            throw new IllegalStateException("dead-letter store down");
        });
        assertThat(container.deliver(EVENT)).isFalse();
        assertThat(this.stopRequests).containsExactly("flaky");
    }

    /** Counts the retry contexts a container opens. */
    private static final class CountingRetryPolicy implements RetryPolicy {

        private final RetryPolicy delegate;

        final AtomicInteger opened = new AtomicInteger();

        final AtomicInteger closed = new AtomicInteger();

        CountingRetryPolicy(RetryPolicy delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean canRetry(RetryContext context) {
            return this.delegate.canRetry(context);
        }

        @Override
        public RetryContext open(RetryContext parent) {
            this.opened.incrementAndGet();
            return this.delegate.open(parent);
        }

        @Override
        public void close(RetryContext context) {
            this.closed.incrementAndGet();
            this.delegate.close(context);
        }

        @Override
        public void registerThrowable(RetryContext context, Throwable throwable) {
            this.delegate.registerThrowable(context, throwable);
        }

    }

}
