package io.sfstream.spring.replay.jdbc;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import io.sfstream.spring.replay.jdbc.JdbcReplayStoreTable.Format;
import io.sfstream.spring.replay.jdbc.JdbcReplayStoreTable.Inspection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.StringUtils;

/**
 * Creates the {@value JdbcReplayStore#TABLE_NAME} table on startup, as
 * {@code salesforce.streaming.replay.jdbc.initialize-schema} says: only in an embedded
 * database (default), always, or never. The scripts create the table only if it does not
 * exist. MariaDB uses the MySQL script.
 *
 * <p>
 * A table created by an earlier release (without the {@code REPLAY_ID_BYTES} column of
 * opaque replay ids, found out from the database's metadata) is then migrated with
 * {@code classpath:io/sfstream/spring/replay/jdbc/migrate-opaque-replay-ids-<platform>.sql};
 * its rows are kept.
 */
public class JdbcReplayStoreSchemaInitializer
        extends PropertiesBasedDataSourceScriptDatabaseInitializer<JdbcReplayStoreProperties> {

    private static final Logger logger = LoggerFactory.getLogger(JdbcReplayStoreSchemaInitializer.class);

    private static final Map<DatabaseDriver, String> DRIVER_PLATFORMS = Map.of(DatabaseDriver.MARIADB, "mysql");

    private final JdbcReplayStoreProperties properties;

    private volatile ResourceLoader resourceLoader = new DefaultResourceLoader();

    /**
     * Creates the initializer.
     * @param dataSource the database
     * @param properties the store's properties
     */
    public JdbcReplayStoreSchemaInitializer(DataSource dataSource, JdbcReplayStoreProperties properties) {
        super(dataSource, properties, DRIVER_PLATFORMS);
        this.properties = properties;
    }

    @Override
    public void setResourceLoader(ResourceLoader resourceLoader) {
        super.setResourceLoader(resourceLoader);
        this.resourceLoader = resourceLoader;
    }

    /**
     * Creates the table if it is missing and migrates it if an earlier release created
     * it, when initialization applies to this database.
     * @return whether initialization applied
     */
    @Override
    public boolean initializeDatabase() {
        boolean initialized = super.initializeDatabase();
        if (initialized) {
            migrateIfNeeded();
        }
        return initialized;
    }

    private void migrateIfNeeded() {
        JdbcTemplate jdbcTemplate = new JdbcTemplate(getDataSource());
        Inspection table = jdbcTemplate.execute((ConnectionCallback<Inspection>) JdbcReplayStoreTable::inspect);
        if (table == null || table.format() != Format.NUMBERS_ONLY) {
            return;
        }
        String location = migrationScriptLocation();
        Resource script = this.resourceLoader.getResource(location);
        if (!script.exists()) {
            logger.warn("Table {} was created by an earlier release and cannot hold opaque replay ids (Pub/Sub API): "
                    + "there is no migration script for this database ({}); add column {} as in the scripts of the "
                    + "other databases", JdbcReplayStore.TABLE_NAME, location, JdbcReplayStoreTable.OPAQUE_COLUMN);
            return;
        }
        logger.info("Migrating table {} (created by an earlier release) to hold opaque replay ids as well: {}",
                JdbcReplayStore.TABLE_NAME, location);
        runScripts(new Scripts(List.of(script)).continueOnError(this.properties.isContinueOnError()));
    }

    private String migrationScriptLocation() {
        PlatformPlaceholderDatabaseDriverResolver resolver = new PlatformPlaceholderDatabaseDriverResolver();
        for (Map.Entry<DatabaseDriver, String> platform : DRIVER_PLATFORMS.entrySet()) {
            resolver = resolver.withDriverPlatform(platform.getKey(), platform.getValue());
        }
        String platform = this.properties.getPlatform();
        try {
            List<String> locations = StringUtils.hasText(platform)
                    ? resolver.resolveAll(platform, JdbcReplayStoreTable.MIGRATION_LOCATION)
                    : resolver.resolveAll(getDataSource(), JdbcReplayStoreTable.MIGRATION_LOCATION);
            return locations.get(0);
        }
        catch (IllegalStateException ex) {
            // A database Spring Boot does not know, with a schema script of the user's
            // own.
            return JdbcReplayStoreTable.MIGRATION_LOCATION.replace("@@platform@@", "<platform>");
        }
    }

}
