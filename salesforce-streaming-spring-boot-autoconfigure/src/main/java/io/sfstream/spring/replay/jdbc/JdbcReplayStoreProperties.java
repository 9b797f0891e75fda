package io.sfstream.spring.replay.jdbc;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.core.env.Environment;

/**
 * Configuration properties of the JDBC replay store
 * ({@code salesforce.streaming.replay.store=jdbc}). The inherited
 * {@code initialize-schema} (default {@code embedded}), {@code schema}, {@code platform}
 * and {@code continue-on-error} control the creation of the
 * {@value JdbcReplayStore#TABLE_NAME} table on startup, and the migration of a table
 * created by an earlier release; unlike other Spring Boot initializers, a failing script
 * stops the application unless continue-on-error is set, since the scripts create the
 * table only if it is missing and migrate it only if it lacks the column of opaque replay
 * ids.
 */
@ConfigurationProperties("salesforce.streaming.replay.jdbc")
public class JdbcReplayStoreProperties extends DatabaseInitializationProperties {

    private static final String DEFAULT_SCHEMA_LOCATION = "classpath:io/sfstream/spring/replay/jdbc/"
            + "schema-@@platform@@.sql";

    /**
     * Name under which positions are stored, so that several applications can share one
     * database. Instances of one application share positions and must use the same name.
     * Defaults to spring.application.name, else 'default'.
     */
    private @Nullable String consumerGroup;

    public JdbcReplayStoreProperties() {
        setContinueOnError(false);
    }

    public @Nullable String getConsumerGroup() {
        return this.consumerGroup;
    }

    public void setConsumerGroup(@Nullable String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    /**
     * Returns the consumer group: the one set, else {@code spring.application.name}, else
     * {@code default}.
     * @param environment the environment
     * @return the consumer group
     */
    public String determineConsumerGroup(Environment environment) {
        String group = this.consumerGroup;
        if (group == null || group.isBlank()) {
            group = environment.getProperty("spring.application.name", "default");
        }
        return group.trim();
    }

    @Override
    public String getDefaultSchemaLocation() {
        return DEFAULT_SCHEMA_LOCATION;
    }

}
