package io.sfstream.spring.leader;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sfstream.core.ReplayException;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.spring.replay.jdbc.JdbcReplayStore;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Leader election of several instances on one H2 database, through Spring Integration's
 * JDBC lock registry.
 */
class LeaderElectionIntegrationTests {

    private static final Duration TTL = Duration.ofMillis(1500);

    private static final Duration HEARTBEAT = Duration.ofMillis(200);

    private static final String ORDERS = "/event/Order_Placed__e";

    private final JdbcDataSource database = new JdbcDataSource();

    private final List<ElectionInstance> instances = new java.util.ArrayList<>();

    @BeforeEach
    void createTables() {
        this.database.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("io/sfstream/spring/leader/schema-h2.sql"),
                new ClassPathResource("io/sfstream/spring/replay/jdbc/schema-h2.sql"))
            .execute(this.database);
    }

    @AfterEach
    void stopInstances() {
        this.instances.forEach(ElectionInstance::close);
    }

    @Test
    void onlyOneOfTwoInstancesLeadsAndRunsTheSubscriber() throws InterruptedException {
        ElectionInstance first = instance(this.database, "orders", TTL, HEARTBEAT).start();
        ElectionInstance second = instance(this.database, "orders", TTL, HEARTBEAT).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.leads() || second.leads());
        for (int i = 0; i < 10; i++) {
            assertThat(first.leads()).isNotEqualTo(second.leads());
            assertThat(first.subscriber.isRunning()).isEqualTo(first.leads());
            assertThat(second.subscriber.isRunning()).isEqualTo(second.leads());
            Thread.sleep(HEARTBEAT.toMillis());
        }
        assertThat(first.subscriber.starts.get() + second.subscriber.starts.get()).isEqualTo(1);
    }

    @Test
    void consumerGroupsElectTheirOwnLeaders() {
        ElectionInstance billing = instance(this.database, "billing", TTL, HEARTBEAT).start();
        ElectionInstance shipping = instance(this.database, "shipping", TTL, HEARTBEAT).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> billing.leads() && shipping.leads());
    }

    @Test
    void whenTheLeaderStopsTheStandbyTakesOverWithinTheLockTtl() {
        ElectionInstance first = instance(this.database, "orders", TTL, HEARTBEAT).start();
        await().atMost(Duration.ofSeconds(5)).until(first::leads);
        ElectionInstance second = instance(this.database, "orders", TTL, HEARTBEAT).start();
        long stopped = System.nanoTime();
        first.close();
        await().atMost(TTL).until(second::leads);
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(TTL);
        assertThat(first.leads()).isFalse();
        assertThat(first.subscriber.isRunning()).isFalse();
        assertThat(second.subscriber.isRunning()).isTrue();
    }

    @Test
    void aLeaderCutOffFromTheDatabaseStepsDownAndTheStandbyTakesOverWhenTheLockExpires() {
        SwitchableDataSource leaderDatabase = new SwitchableDataSource(this.database);
        ElectionInstance first = instance(leaderDatabase, "orders", TTL, HEARTBEAT).start();
        await().atMost(Duration.ofSeconds(5)).until(first::leads);
        ElectionInstance second = instance(this.database, "orders", TTL, HEARTBEAT).start();
        leaderDatabase.down.set(true);
        await().atMost(TTL).until(() -> !first.leads());
        assertThat(first.subscriber.isRunning()).isFalse();
        // The lock row could not be deleted: the standby waits for it to expire, then
        // takes over.
        await().atMost(TTL.plus(Duration.ofSeconds(2))).until(second::leads);
        assertThat(second.subscriber.isRunning()).isTrue();
    }

    @Test
    void aSlowLeaderThatLostItsLockCannotSavePositionsAnymore() {
        // A heartbeat longer than the TTL stands for a leader paused for longer than its
        // lock's time to live.
        ElectionInstance slow = instance(this.database, "orders", TTL, Duration.ofSeconds(4)).start();
        await().atMost(Duration.ofSeconds(5)).until(slow::leads);
        JdbcReplayStore slowStore = new JdbcReplayStore(this.database, "orders", slow.candidate::confirmLeadership);
        slowStore.save(Map.of(ORDERS, new ReplayPosition(10, null)));

        ElectionInstance successor = instance(this.database, "orders", TTL, HEARTBEAT).start();
        await().atMost(TTL.multipliedBy(3)).until(successor::leads);
        JdbcReplayStore successorStore = new JdbcReplayStore(this.database, "orders",
                successor.candidate::confirmLeadership);
        successorStore.save(Map.of(ORDERS, new ReplayPosition(20, null)));

        assertThat(slow.leads()).as("the slow leader has not noticed yet").isTrue();
        assertThat(slow.candidate.confirmLeadership()).isFalse();
        assertThatExceptionOfType(ReplayException.class)
            .isThrownBy(() -> slowStore
                .save(Map.of(ORDERS, new ReplayPosition(15, null), "/event/Other__e", new ReplayPosition(1, null))))
            .withMessageContaining("consumer group 'orders'");
        assertThat(successorStore.load(ORDERS)).contains(new ReplayPosition(20, null));
        assertThat(successorStore.load("/event/Other__e")).isEmpty();
        // It notices when its next renewal fails: after its heartbeat, and the time it
        // tries to renew.
        await().atMost(Duration.ofSeconds(10)).until(() -> !slow.subscriber.isRunning());
        assertThat(successor.leads()).isTrue();
    }

    private ElectionInstance instance(javax.sql.DataSource dataSource, String group, Duration ttl, Duration heartbeat) {
        ElectionInstance instance = new ElectionInstance(dataSource, group, ttl, heartbeat);
        this.instances.add(instance);
        return instance;
    }

    /**
     * A data source whose connections can be cut, as when the network to the database
     * fails.
     */
    static final class SwitchableDataSource extends DelegatingDataSource {

        final AtomicBoolean down = new AtomicBoolean();

        SwitchableDataSource(javax.sql.DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (this.down.get()) {
                throw new SQLException("Connection refused", "08001");
            }
            return super.getConnection();
        }

    }

}
