package io.sfstream.spring.listener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.autoconfigure.SalesforceStreamingAutoConfiguration;
import io.sfstream.spring.support.TestEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.retry.backoff.NoBackOffPolicy;
import org.springframework.retry.policy.NeverRetryPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code salesforce.streaming.listener.concurrency} and
 * {@code @SalesforceListener(concurrency)}: wrong values fail startup naming the property
 * or the method; a listener's own limit holds across its channels.
 */
class ListenerConcurrencySettingsTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SalesforceStreamingAutoConfiguration.class))
        .withPropertyValues("salesforce.streaming.login-url=http://127.0.0.1:1",
                "salesforce.streaming.consumer-key=key", "salesforce.streaming.consumer-secret=secret",
                "salesforce.streaming.replay.store=memory", "salesforce.streaming.listener.auto-startup=false");

    @Test
    void aConcurrencyBelowOneFailsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("salesforce.streaming.listener.concurrency=0")
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("salesforce.streaming.listener.concurrency")
                .hasMessageContaining("0 is not a number of channels"));
    }

    @Test
    void aListenerConcurrencyThatIsNoNumberFailsStartupNamingTheMethod() {
        this.contextRunner.withUserConfiguration(BadConcurrency.class)
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining(BadConcurrency.Listener.class.getName() + ".onEvent")
                .hasStackTraceContaining("concurrency 'many': use a number of 1 or more"));
    }

    @Test
    void theRegistryGetsTheConfiguredParallelism() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.listener.concurrency=3",
                    "salesforce.streaming.max-pending-count=7", "salesforce.streaming.listener.phase=42")
            .run((context) -> {
                SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
                assertThat(registry.getPhase()).isEqualTo(42);
                assertThat(registry).extracting("parallelism")
                    .satisfies((parallelism) -> assertThat((Parallelism) parallelism)
                        .extracting(Parallelism::concurrency, Parallelism::maxInFlight)
                        .containsExactly(3, 7));
            });
    }

    @Test
    void aListenerLimitedToOneCallAtATimeIsCalledOneChannelAfterTheOther() throws Exception {
        Blocking bean = new Blocking();
        Method method = Blocking.class.getMethod("onEvent", StreamingEvent.class);
        SalesforceListenerEndpoint endpoint = new SalesforceListenerEndpoint("limited",
                List.of("/event/A__e", "/event/B__e"), null, true,
                new ListenerMethodInvoker(bean, method, JsonMapper.builder().build()), 1);
        SalesforceListenerContainer container = new SalesforceListenerContainer(endpoint,
                new ListenerRetry(new NeverRetryPolicy(), new NoBackOffPolicy()), (failure) -> {
                }, new DispatchObserver() {
                }, (id) -> {
                });
        Thread first = new Thread(() -> container.deliver(TestEvent.of("/event/A__e", 1, null, Map.of(), "{}")));
        Thread second = new Thread(() -> container.deliver(TestEvent.of("/event/B__e", 1, null, Map.of(), "{}")));
        first.start();
        assertThat(bean.entered.await(5, TimeUnit.SECONDS)).isTrue();
        second.start();
        second.join(300);
        assertThat(bean.calls).as("calls started while the first runs").hasValue(1);
        bean.release.countDown();
        first.join(5_000);
        second.join(5_000);
        assertThat(bean.calls).hasValue(2);
        assertThat(bean.mostAtOnce).hasValue(1);
    }

    /** A listener whose first call waits to be released. */
    public static final class Blocking {

        final CountDownLatch entered = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        final AtomicInteger calls = new AtomicInteger();

        final AtomicInteger running = new AtomicInteger();

        final AtomicInteger mostAtOnce = new AtomicInteger();

        public void onEvent(StreamingEvent event) throws InterruptedException {
            this.calls.incrementAndGet();
            this.mostAtOnce.accumulateAndGet(this.running.incrementAndGet(), Math::max);
            this.entered.countDown();
            this.release.await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            this.running.decrementAndGet();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BadConcurrency {

        @Bean
        Listener listener() {
            return new Listener();
        }

        static class Listener {

            @SalesforceListener(channels = "/event/Order_Placed__e", concurrency = "many")
            void onEvent(String payload) {
            }

        }

    }

}
