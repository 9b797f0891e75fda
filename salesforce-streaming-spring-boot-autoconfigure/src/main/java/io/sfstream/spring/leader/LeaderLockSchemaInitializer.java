package io.sfstream.spring.leader;

import java.util.Map;
import javax.sql.DataSource;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;

/**
 * Creates Spring Integration's {@code INT_LOCK} table on startup, as
 * {@code salesforce.streaming.leader.initialize-schema} says: only in an embedded
 * database (default), always, or never. The scripts create the table only if it does not
 * exist. MariaDB uses the MySQL script.
 */
public class LeaderLockSchemaInitializer
        extends PropertiesBasedDataSourceScriptDatabaseInitializer<StreamingLeaderProperties> {

    /**
     * Creates the initializer.
     * @param dataSource the database
     * @param properties the leader election properties
     */
    public LeaderLockSchemaInitializer(DataSource dataSource, StreamingLeaderProperties properties) {
        super(dataSource, properties, Map.of(DatabaseDriver.MARIADB, "mysql"));
    }

}
