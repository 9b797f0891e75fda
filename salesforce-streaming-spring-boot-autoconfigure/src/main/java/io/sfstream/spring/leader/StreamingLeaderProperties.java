package io.sfstream.spring.leader;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;

/**
 * Configuration properties of leader election among the instances of an application. The
 * inherited {@code initialize-schema} (default {@code embedded}), {@code schema},
 * {@code platform} and {@code continue-on-error} control the creation of the lock table
 * on startup; a failing script stops the application unless continue-on-error is set,
 * since the scripts create the table only if it is missing.
 */
@ConfigurationProperties("salesforce.streaming.leader")
public class StreamingLeaderProperties extends DatabaseInitializationProperties {

    private static final String DEFAULT_SCHEMA_LOCATION = "classpath:io/sfstream/spring/leader/schema-@@platform@@.sql";

    /**
     * Whether only one instance per consumer group subscribes: the leader, elected
     * through a lock in the application's database. The others stand by and take over
     * when the leader stops or its lock expires.
     */
    private boolean enabled;

    /**
     * How long the leader lock stays valid without renewal. A leader that cannot renew it
     * within this time (stopped, paused or cut off from the database) loses leadership to
     * another instance.
     */
    private Duration lockTtl = Duration.ofSeconds(10);

    /**
     * How often the leader renews its lock and standby instances try to take it. Must be
     * shorter than lock-ttl.
     */
    private Duration heartbeat = Duration.ofSeconds(3);

    /**
     * Prefix of the lock table, Spring Integration's LOCK table (INT_LOCK by default).
     * The initialization scripts create INT_LOCK only: with another prefix, create the
     * table yourself.
     */
    private String tablePrefix = "INT_";

    public StreamingLeaderProperties() {
        setContinueOnError(false);
    }

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getLockTtl() {
        return this.lockTtl;
    }

    public void setLockTtl(Duration lockTtl) {
        this.lockTtl = lockTtl;
    }

    public Duration getHeartbeat() {
        return this.heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    public String getTablePrefix() {
        return this.tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    @Override
    public String getDefaultSchemaLocation() {
        return DEFAULT_SCHEMA_LOCATION;
    }

}
