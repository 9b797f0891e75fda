package io.sfstream.spring.leader;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sfstream.spring.autoconfigure.InvalidSalesforceStreamingPropertyException;
import io.sfstream.spring.autoconfigure.SalesforceStreamingAutoConfiguration;
import io.sfstream.spring.autoconfigure.SalesforceStreamingHealthAutoConfiguration;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import io.sfstream.spring.replay.jdbc.JdbcReplayStore;
import io.sfstream.spring.replay.jdbc.JdbcReplayStoreAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StreamingLeaderAutoConfigurationIntegrationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                SalesforceStreamingAutoConfiguration.class, JdbcReplayStoreAutoConfiguration.class,
                StreamingLeaderAutoConfiguration.class, SalesforceStreamingHealthAutoConfiguration.class))
        .withPropertyValues("salesforce.streaming.login-url=http://127.0.0.1:1",
                "salesforce.streaming.consumer-key=key", "salesforce.streaming.consumer-secret=secret",
                "salesforce.streaming.username=user@example.com", "salesforce.streaming.password=password",
                "spring.datasource.generate-unique-name=true", "spring.application.name=orders");

    @Test
    void leaderElectionIsOffByDefaultAndTheRegistryStartsWithTheContext() {
        this.contextRunner.run((context) -> {
            assertThat(context).doesNotHaveBean(LockRegistryLeaderInitiator.class)
                .doesNotHaveBean(StreamingLeadership.class);
            assertThat(context.getBean(SalesforceListenerEndpointRegistry.class).isAutoStartup()).isTrue();
        });
    }

    @Test
    void theOnlyInstanceBecomesLeaderStartsTheRegistryAndSaysSo() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.leader.enabled=true",
                    "salesforce.streaming.leader.heartbeat=200ms")
            .run((context) -> {
                assertThat(context).hasSingleBean(LockRegistryLeaderInitiator.class)
                    .hasSingleBean(JdbcReplayStore.class);
                SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
                assertThat(registry.isAutoStartup()).isFalse();
                StreamingLeadership leadership = context.getBean(StreamingLeadership.class);
                await().atMost(Duration.ofSeconds(5)).until(leadership::isLeader);
                assertThat(registry.isRunning()).isTrue();
                assertThat(leadership.confirmLeadership()).isTrue();
                HealthIndicator health = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
                assertThat(health.health(true).getDetails()).containsEntry("role", "leader");
                // Spring Boot's metrics auto-configuration binds every MeterBinder bean;
                // bound by hand here.
                MeterRegistry meters = new SimpleMeterRegistry();
                context.getBean(StreamingLeaderMetrics.class).bindTo(meters);
                assertThat(meters.get("salesforce.streaming.leader").tag("group", "orders").gauge().value())
                    .isEqualTo(1.0);
            });
    }

    @Test
    void leaderElectionWithPositionsLocalToEachInstanceIsRefused() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.leader.enabled=true", "salesforce.streaming.replay.store=memory")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(InvalidSalesforceStreamingPropertyException.class)
                .hasMessageContaining("salesforce.streaming.replay.store"));
    }

    @Test
    void aHeartbeatNotShorterThanTheLockTtlIsRefused() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.leader.enabled=true", "salesforce.streaming.leader.lock-ttl=2s",
                    "salesforce.streaming.leader.heartbeat=2s")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(InvalidSalesforceStreamingPropertyException.class)
                .hasMessageContaining("salesforce.streaming.leader.heartbeat"));
    }

}
