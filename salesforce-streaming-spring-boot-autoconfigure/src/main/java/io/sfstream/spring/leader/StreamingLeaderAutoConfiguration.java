package io.sfstream.spring.leader;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.replay.FileReplayStore;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.spring.autoconfigure.InvalidSalesforceStreamingPropertyException;
import io.sfstream.spring.autoconfigure.SalesforceStreamingAutoConfiguration;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import io.sfstream.spring.replay.jdbc.JdbcReplayStoreAutoConfiguration;
import io.sfstream.spring.replay.jdbc.JdbcReplayStoreProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Auto-configures leader election when {@code salesforce.streaming.leader.enabled=true}:
 * a {@link LockRegistryLeaderInitiator} over a {@link JdbcLockRegistry} on the
 * application's {@link DataSource}, one election per consumer group. Only the leader runs
 * the {@link SalesforceListenerEndpointRegistry} (connects and subscribes); the other
 * instances stand by and take over when the leader stops or its lock expires.
 */
@AutoConfiguration(after = { SalesforceStreamingAutoConfiguration.class, JdbcReplayStoreAutoConfiguration.class },
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ StreamingClient.class, LockRegistryLeaderInitiator.class, JdbcLockRegistry.class,
        DataSourceScriptDatabaseInitializer.class })
@ConditionalOnBooleanProperty(name = "salesforce.streaming.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("salesforce.streaming.leader.enabled")
@ConditionalOnBean(SalesforceListenerEndpointRegistry.class)
@EnableConfigurationProperties({ StreamingLeaderProperties.class, JdbcReplayStoreProperties.class })
public final class StreamingLeaderAutoConfiguration {

    private static final String PREFIX = "salesforce.streaming.leader.";

    private final StreamingLeaderProperties properties;

    private final String consumerGroup;

    StreamingLeaderAutoConfiguration(StreamingLeaderProperties properties, JdbcReplayStoreProperties replayProperties,
            Environment environment) {
        this.properties = properties;
        this.consumerGroup = replayProperties.determineConsumerGroup(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    LeaderLockSchemaInitializer leaderLockSchemaInitializer(ObjectProvider<DataSource> dataSource) {
        return new LeaderLockSchemaInitializer(dataSource(dataSource), this.properties);
    }

    @Bean
    @DependsOnDatabaseInitialization
    DefaultLockRepository salesforceStreamingLockRepository(ObjectProvider<DataSource> dataSource) {
        DataSource database = dataSource(dataSource);
        DefaultLockRepository repository = new DefaultLockRepository(database);
        repository.setPrefix(this.properties.getTablePrefix());
        repository.setTransactionManager(new DataSourceTransactionManager(database));
        return repository;
    }

    @Bean
    JdbcLockRegistry salesforceStreamingLockRegistry(DefaultLockRepository salesforceStreamingLockRepository) {
        validateTimes();
        JdbcLockRegistry registry = new JdbcLockRegistry(salesforceStreamingLockRepository,
                this.properties.getLockTtl());
        registry.setIdleBetweenTries(this.properties.getHeartbeat());
        return registry;
    }

    @Bean
    StreamingLeaderCandidate salesforceStreamingLeaderCandidate(SalesforceListenerEndpointRegistry registry,
            DefaultLockRepository salesforceStreamingLockRepository, ReplayStore replayStore) {
        if (replayStore instanceof FileReplayStore || replayStore instanceof InMemoryReplayStore) {
            throw new InvalidSalesforceStreamingPropertyException("salesforce.streaming.replay.store",
                    "leader election needs positions that every instance shares, not a "
                            + replayStore.getClass().getSimpleName()
                            + " (the new leader would not resume where the previous one stopped)",
                    "Use salesforce.streaming.replay.store=jdbc, or leave it unset.");
        }
        return new StreamingLeaderCandidate(this.consumerGroup, registry, salesforceStreamingLockRepository);
    }

    @Bean
    LockRegistryLeaderInitiator salesforceStreamingLeaderInitiator(JdbcLockRegistry salesforceStreamingLockRegistry,
            StreamingLeaderCandidate candidate) {
        LockRegistryLeaderInitiator initiator = new LockRegistryLeaderInitiator(salesforceStreamingLockRegistry,
                candidate);
        initiator.setHeartBeatMillis(this.properties.getHeartbeat().toMillis());
        initiator.setBusyWaitMillis(this.properties.getHeartbeat().toMillis());
        return initiator;
    }

    private void validateTimes() {
        if (this.properties.getLockTtl().compareTo(this.properties.getHeartbeat()) <= 0
                || this.properties.getHeartbeat().isNegative() || this.properties.getHeartbeat().isZero()) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "heartbeat",
                    "must be positive and shorter than " + PREFIX + "lock-ttl (" + this.properties.getLockTtl()
                            + "), not " + this.properties.getHeartbeat(),
                    "Use a heartbeat of about a third of the lock TTL, such as 3s for 10s.");
        }
    }

    private static DataSource dataSource(ObjectProvider<DataSource> dataSource) {
        DataSource unique = dataSource.getIfUnique();
        if (unique == null) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "enabled",
                    "leader election needs one DataSource bean, and the application has none or several",
                    "Add spring-boot-starter-jdbc and a JDBC driver and configure spring.datasource.*, or mark one "
                            + "DataSource @Primary.");
        }
        return unique;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class LeaderMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        StreamingLeaderMetrics salesforceStreamingLeaderMetrics(StreamingLeaderCandidate candidate,
                JdbcReplayStoreProperties replayProperties, Environment environment) {
            return new StreamingLeaderMetrics(candidate, replayProperties.determineConsumerGroup(environment));
        }

    }

}
