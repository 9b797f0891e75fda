package io.sfstream.spring.leader;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import org.springframework.context.Lifecycle;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * One application instance in a leader election test: the lock repository, registry,
 * candidate and initiator wired as {@link StreamingLeaderAutoConfiguration} wires them,
 * with a subscriber that records whether it runs.
 */
final class ElectionInstance implements AutoCloseable {

    final Subscriber subscriber = new Subscriber();

    final DefaultLockRepository lockRepository;

    final StreamingLeaderCandidate candidate;

    final LockRegistryLeaderInitiator initiator;

    ElectionInstance(DataSource dataSource, String consumerGroup, Duration lockTtl, Duration heartbeat) {
        this.lockRepository = new DefaultLockRepository(dataSource);
        this.lockRepository.setTransactionManager(new DataSourceTransactionManager(dataSource));
        this.lockRepository.afterPropertiesSet();
        this.lockRepository.afterSingletonsInstantiated();
        JdbcLockRegistry registry = new JdbcLockRegistry(this.lockRepository, lockTtl);
        registry.setIdleBetweenTries(heartbeat);
        this.candidate = new StreamingLeaderCandidate(consumerGroup, this.subscriber, this.lockRepository);
        this.initiator = new LockRegistryLeaderInitiator(registry, this.candidate);
        this.initiator.setHeartBeatMillis(heartbeat.toMillis());
        this.initiator.setBusyWaitMillis(heartbeat.toMillis());
        this.initiator.setApplicationEventPublisher((event) -> {
        });
    }

    ElectionInstance start() {
        this.initiator.start();
        return this;
    }

    boolean leads() {
        return this.candidate.isLeader();
    }

    @Override
    public void close() {
        this.initiator.stop();
    }

    static final class Subscriber implements Lifecycle {

        final AtomicBoolean running = new AtomicBoolean();

        final AtomicInteger starts = new AtomicInteger();

        @Override
        public void start() {
            this.starts.incrementAndGet();
            this.running.set(true);
        }

        @Override
        public void stop() {
            this.running.set(false);
        }

        @Override
        public boolean isRunning() {
            return this.running.get();
        }

    }

}
