package io.sfstream.spring.leader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.sfstream.core.client.StreamingClient;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.leader.LeaderElectionIntegrationTests.SwitchableDataSource;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import io.sfstream.spring.replay.jdbc.JdbcReplayStore;
import io.sfstream.spring.support.EmbeddedPostgresExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one application share a PostgreSQL database and an emulated org: only
 * the leader subscribes; when it is stopped in the middle of a numbered stream, the
 * standby takes over from the committed positions and every event is processed at least
 * once.
 */
class LeaderFailoverIntegrationTests {

    private static final String ORDERS = "/event/Order_Placed__e";

    private static final int EVENTS = 300;

    private static SalesforceEmulator emulator;

    @RegisterExtension
    static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

    @BeforeEach
    void startEmulator() {
        // One org per test, not @EmbeddedSalesforce: each test replays all it retains.
        emulator = SalesforceEmulator.builder().platformEvent("Order_Placed__e").start();
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    @Test
    void whenTheLeaderStopsMidStreamTheStandbyResumesFromTheCommittedPositions() {
        Processed processed = new Processed();
        ConfigurableApplicationContext first = run("first", "order-service", processed);
        ConfigurableApplicationContext second = null;
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> subscribed(first));
            second = run("second", "order-service", processed);
            StreamingLeadership standby = second.getBean(StreamingLeadership.class);
            assertThat(standby.isLeader()).isFalse();
            assertThat(role(second)).isEqualTo("standby");
            assertThat(role(first)).isEqualTo("leader");

            List<Long> replayIds = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                replayIds.add(emulator.publish(ORDERS, Map.of("Sequence__c", i)).replayId());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> processed.by("first").size() >= EVENTS / 3);
            assertThat(processed.by("second")).as("the standby processed nothing").isEmpty();
            first.close();
            int processedByFirst = processed.by("first").size();

            await().atMost(Duration.ofSeconds(10)).until(standby::isLeader);
            await().atMost(Duration.ofSeconds(30)).until(() -> processed.distinct().size() == EVENTS);
            assertThat(processed.distinct()).hasSize(EVENTS).first().isEqualTo(0);
            assertThat(processed.by("first").size()).as("the stopped leader processed nothing more")
                .isEqualTo(processedByFirst);
            int duplicates = processed.by("first").size() + processed.by("second").size() - EVENTS;
            System.out.printf("Failover: first processed %d, second %d, duplicates %d of %d events%n", processedByFirst,
                    processed.by("second").size(), duplicates, EVENTS);
            // The leader flushed its positions as it stopped: at most the event in
            // progress is processed again.
            assertThat(duplicates).isBetween(0, 1);
            long lastReplayId = replayIds.get(EVENTS - 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> storedReplayId("order-service") == lastReplayId);
        }
        finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static boolean subscribed(ConfigurableApplicationContext context) {
        return context.getBean(SalesforceListenerEndpointRegistry.class).getClient().subscriptions().contains(ORDERS);
    }

    private static Object role(ConfigurableApplicationContext context) {
        return context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class)
            .health(true)
            .getDetails()
            .get("role");
    }

    @Test
    void aLeaderCutOffFromTheDatabaseStepsDownAndTheStandbyTakesOverWhenItsLockExpires() {
        Processed processed = new Processed();
        ConfigurableApplicationContext first = run("first", "billing-service", processed);
        ConfigurableApplicationContext second = null;
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> subscribed(first));
            second = run("second", "billing-service", processed);
            StreamingLeadership standby = second.getBean(StreamingLeadership.class);
            for (int i = 0; i < EVENTS; i++) {
                emulator.publish(ORDERS, Map.of("Sequence__c", i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> processed.by("first").size() >= EVENTS / 3);
            first.getBean(SwitchableDataSource.class).down.set(true);
            long cut = System.nanoTime();
            int processedAtCut = processed.by("first").size();

            StreamingLeadership leader = first.getBean(StreamingLeadership.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> !leader.isLeader());
            SalesforceListenerEndpointRegistry registry = first.getBean(SalesforceListenerEndpointRegistry.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !registry.isRunning());
            int processedByFirst = processed.by("first").size();
            System.out.printf("Cut-off leader stepped down after %d ms%n",
                    Duration.ofNanos(System.nanoTime() - cut).toMillis());

            await().atMost(Duration.ofSeconds(10)).until(standby::isLeader);
            await().atMost(Duration.ofSeconds(30)).until(() -> processed.distinct().size() == EVENTS);
            assertThat(processed.by("first")).as("the cut-off leader processed nothing more").hasSize(processedByFirst);
            int duplicates = processed.by("first").size() + processed.by("second").size() - EVENTS;
            System.out.printf("Cut-off failover: first processed %d, second %d, duplicates %d of %d events%n",
                    processedByFirst, processed.by("second").size(), duplicates, EVENTS);
            // Processed twice: what the cut-off leader processed after its last
            // successful flush (at most 100 ms
            // before the cut) until it stepped down, since those positions never reached
            // the database.
            assertThat(duplicates).isBetween(0, processedByFirst - processedAtCut + 40);

            // The database comes back and the new leader stops: the first instance leads
            // again, its client reopened.
            StreamingClient firstTermClient = registry.getClient();
            first.getBean(SwitchableDataSource.class).down.set(false);
            second.close();
            await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);
            for (int i = EVENTS; i < EVENTS + 20; i++) {
                emulator.publish(ORDERS, Map.of("Sequence__c", i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> processed.distinct().size() == EVENTS + 20);
            assertThat(registry.getClient()).isSameAs(firstTermClient);
            assertThat(firstTermClient.state()).isEqualTo(io.sfstream.core.client.ConnectionState.CONNECTED);
            assertThat(processed.by("first")).endsWith(EVENTS + 19);
        }
        finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static long storedReplayId(String consumerGroup) {
        return new JdbcTemplate(postgres.dataSource()).queryForObject(
                "SELECT REPLAY_ID FROM " + JdbcReplayStore.TABLE_NAME + " WHERE CONSUMER_GROUP = ? AND CHANNEL = ?",
                Long.class, consumerGroup, ORDERS);
    }

    private static ConfigurableApplicationContext run(String instance, String application, Processed processed) {
        return new SpringApplicationBuilder(FailoverApplication.class).web(WebApplicationType.NONE)
            .initializers((context) -> context.getBeanFactory().registerSingleton("processed", processed))
            .properties("test.instance=" + instance, "spring.application.name=" + application,
                    "spring.main.banner-mode=off", "salesforce.streaming.login-url=" + emulator.loginUrl(),
                    "salesforce.streaming.consumer-key=test-consumer-key",
                    "salesforce.streaming.consumer-secret=test-consumer-secret",
                    "salesforce.streaming.username=user@example.com", "salesforce.streaming.password=password",
                    "salesforce.streaming.security-token=SECURITYTOKEN", "salesforce.streaming.replay.default=all",
                    "salesforce.streaming.replay.commit-interval=100ms",
                    "salesforce.streaming.replay.jdbc.initialize-schema=always",
                    "salesforce.streaming.leader.enabled=true", "salesforce.streaming.leader.initialize-schema=always",
                    "salesforce.streaming.leader.lock-ttl=2s", "salesforce.streaming.leader.heartbeat=300ms",
                    "salesforce.streaming.listener.shutdown-timeout=5s")
            .run();
    }

    /**
     * The sequence numbers each instance processed, in order.
     */
    static final class Processed {

        private final Map<String, List<Integer>> byInstance = new java.util.concurrent.ConcurrentHashMap<>();

        void add(String instance, int sequence) {
            this.byInstance.computeIfAbsent(instance, (key) -> Collections.synchronizedList(new ArrayList<>()))
                .add(sequence);
        }

        List<Integer> by(String instance) {
            List<Integer> sequences = this.byInstance.getOrDefault(instance, List.of());
            synchronized (sequences) {
                return List.copyOf(sequences);
            }
        }

        Set<Integer> distinct() {
            Set<Integer> all = new TreeSet<>(by("first"));
            all.addAll(by("second"));
            return all;
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class FailoverApplication {

        @Bean
        SwitchableDataSource dataSource() {
            return new SwitchableDataSource(postgres.dataSource());
        }

        @Bean
        OrderListener orderListener(Processed processed, @Value("${test.instance}") String instance) {
            return new OrderListener(processed, instance);
        }

    }

    static final class OrderListener {

        private final Processed processed;

        private final String instance;

        OrderListener(Processed processed, String instance) {
            this.processed = processed;
            this.instance = instance;
        }

        @SalesforceListener(ORDERS)
        void onOrder(Map<String, Object> payload) throws InterruptedException {
            Thread.sleep(5);
            this.processed.add(this.instance, ((Number) payload.get("Sequence__c")).intValue());
        }

    }

}
