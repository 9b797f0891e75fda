package io.sfstream.spring.replay.jdbc;

import javax.sql.DataSource;

import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.spring.autoconfigure.SalesforceStreamingAutoConfiguration;
import io.sfstream.spring.leader.StreamingLeadership;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Auto-configures a {@link JdbcReplayStore} on the application's {@link DataSource} when
 * {@code salesforce.streaming.replay.store=jdbc}, or when that property is not set and
 * {@code salesforce.streaming.leader.enabled=true}, and creates its table (or migrates
 * one created by an earlier release) as
 * {@code salesforce.streaming.replay.jdbc.initialize-schema} says. When leader election
 * runs, the store refuses to save unless this instance still holds the leader lock.
 */
@AutoConfiguration(before = SalesforceStreamingAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ StreamingClient.class, JdbcTemplate.class, DataSourceScriptDatabaseInitializer.class })
@ConditionalOnBooleanProperty(name = "salesforce.streaming.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@Conditional(OnJdbcReplayStoreCondition.class)
@EnableConfigurationProperties(JdbcReplayStoreProperties.class)
public final class JdbcReplayStoreAutoConfiguration {

    private final JdbcReplayStoreProperties properties;

    JdbcReplayStoreAutoConfiguration(JdbcReplayStoreProperties properties) {
        this.properties = properties;
    }

    @Bean
    @ConditionalOnMissingBean
    JdbcReplayStoreSchemaInitializer jdbcReplayStoreSchemaInitializer(DataSource dataSource) {
        return new JdbcReplayStoreSchemaInitializer(dataSource, this.properties);
    }

    @Bean
    @ConditionalOnMissingBean(ReplayStore.class)
    @DependsOnDatabaseInitialization
    JdbcReplayStore salesforceReplayStore(DataSource dataSource, Environment environment,
            ObjectProvider<StreamingLeadership> leadership) {
        return new JdbcReplayStore(dataSource, this.properties.determineConsumerGroup(environment),
                () -> leadership.getIfAvailable() == null || leadership.getObject().confirmLeadership());
    }

}
