package io.sfstream.spring.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.spring.SalesforceListenerErrorHandler.FailedEvent;
import io.sfstream.spring.support.TestEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.retry.support.RetryTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class SalesforceListenerContainerTests {

    private static final StreamingEvent EVENT = TestEvent.of("/event/Order__e", 7L, null, Map.of("a", 1),
            "{\"a\":1}");

    private final List<FailedEvent> failures = new ArrayList<>();

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
        Method method = Flaky.class.getMethod("onEvent", StreamingEvent.class);
        SalesforceListenerEndpoint endpoint = new SalesforceListenerEndpoint("flaky", List.of("/event/Order__e"), null,
                true, new ListenerMethodInvoker(bean, method, JsonMapper.builder().build()));
        RetryTemplate retry = RetryTemplate.builder().maxAttempts(maxAttempts).fixedBackoff(1).retryOn(Exception.class)
            .traversingCauses().build();
        return new SalesforceListenerContainer(endpoint, retry, this.failures::add, new DispatchObserver() {
        }, (stopped) -> {
        });
    }

    @Test
    void aCallThatSucceedsIsMadeOnce() throws Exception {
        Flaky bean = new Flaky();
        assertThat(container(bean, 3).deliver(EVENT)).isTrue();
        assertThat(bean.calls).hasValue(1);
        assertThat(this.failures).isEmpty();
    }

    @Test
    void aFailedFirstCallIsRetriedByTheTemplateUntilItSucceeds() throws Exception {
        Flaky bean = new Flaky();
        bean.failuresLeft = 2;
        assertThat(container(bean, 3).deliver(EVENT)).isTrue();
        assertThat(bean.calls).hasValue(3);
        assertThat(this.failures).isEmpty();
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
}
