package io.sfstream.spring.replay.jdbc;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;

/**
 * Creates the {@value JdbcReplayStore#TABLE_NAME} table on startup, as
 * {@code salesforce.streaming.replay.jdbc.initialize-schema} says: only in an embedded database (default), always, or
 * never. The scripts create the table only if it does not exist. MariaDB uses the MySQL script.
 */
public class JdbcReplayStoreSchemaInitializer
        extends PropertiesBasedDataSourceScriptDatabaseInitializer<JdbcReplayStoreProperties> {

    /**
     * Creates the initializer.
     *
     * @param dataSource the database
     * @param properties the store's properties
     */
    public JdbcReplayStoreSchemaInitializer(DataSource dataSource, JdbcReplayStoreProperties properties) {
        super(dataSource, properties, Map.of(DatabaseDriver.MARIADB, "mysql"));
    }
}
