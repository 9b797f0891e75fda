package io.sfstream.spring.replay.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What the {@value JdbcReplayStore#TABLE_NAME} table of a database looks like, read from
 * its {@link DatabaseMetaData}: missing, created by an earlier release (numeric replay
 * ids only, no {@value #OPAQUE_COLUMN} column), or current.
 *
 * <p>
 * The table is looked up in the connection's current catalog and schema (the database on
 * MySQL and MariaDB, the first schema of the {@code search_path} on PostgreSQL,
 * {@code PUBLIC} on H2), under the name the database stores for the unquoted identifier:
 * upper case on H2, lower case on PostgreSQL, as written on MySQL and MariaDB (or lower
 * case with {@code lower_case_table_names}); names are then compared ignoring case.
 */
final class JdbcReplayStoreTable {

    /** The column of opaque replay ids, which tables created by earlier releases lack. */
    static final String OPAQUE_COLUMN = "REPLAY_ID_BYTES";

    /**
     * Where the migration scripts are, {@code @@platform@@} standing for the platform.
     */
    static final String MIGRATION_LOCATION = "classpath:io/sfstream/spring/replay/jdbc/"
            + "migrate-opaque-replay-ids-@@platform@@.sql";

    private JdbcReplayStoreTable() {
    }

    /**
     * Inspects the table.
     * @param connection a connection to the database
     * @return what the table looks like
     * @throws SQLException when the metadata cannot be read
     */
    static Inspection inspect(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String platform = platform(metaData);
        String catalog = connection.getCatalog();
        String schema = schema(connection);
        for (String table : tableNames(metaData)) {
            boolean found = false;
            boolean opaqueColumn = false;
            try (ResultSet columns = metaData.getColumns(catalog, schema, table, null)) {
                while (columns.next()) {
                    // The name is a pattern in which '_' matches any character: keep only
                    // this table's columns.
                    if (JdbcReplayStore.TABLE_NAME.equalsIgnoreCase(columns.getString("TABLE_NAME"))) {
                        found = true;
                        opaqueColumn |= OPAQUE_COLUMN.equalsIgnoreCase(columns.getString("COLUMN_NAME"));
                    }
                }
            }
            if (found) {
                return new Inspection(opaqueColumn ? Format.CURRENT : Format.NUMBERS_ONLY, platform);
            }
        }
        return new Inspection(Format.MISSING, platform);
    }

    private static Set<String> tableNames(DatabaseMetaData metaData) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        if (metaData.storesUpperCaseIdentifiers()) {
            names.add(JdbcReplayStore.TABLE_NAME.toUpperCase(Locale.ROOT));
        }
        else if (metaData.storesLowerCaseIdentifiers()) {
            names.add(JdbcReplayStore.TABLE_NAME.toLowerCase(Locale.ROOT));
        }
        // Then every spelling, in case the driver's answer does not match how the table
        // was created.
        names.add(JdbcReplayStore.TABLE_NAME);
        names.add(JdbcReplayStore.TABLE_NAME.toUpperCase(Locale.ROOT));
        names.add(JdbcReplayStore.TABLE_NAME.toLowerCase(Locale.ROOT));
        return names;
    }

    private static @Nullable String schema(Connection connection) {
        try {
            return connection.getSchema();
        }
        catch (SQLException | AbstractMethodError ex) {
            return null;
        }
    }

    /**
     * Returns the platform whose scripts fit the database, as in the scripts' names.
     * @param metaData the database's metadata
     * @return {@code postgresql}, {@code mysql} (MySQL and MariaDB), {@code h2}, or
     * {@code null} when the database is none of them
     * @throws SQLException when the metadata cannot be read
     */
    private static @Nullable String platform(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName();
        product = (product != null) ? product.toLowerCase(Locale.ROOT) : "";
        if (product.contains("postgres")) {
            return "postgresql";
        }
        if (product.contains("mysql") || product.contains("mariadb")) {
            return "mysql";
        }
        return product.equals("h2") ? "h2" : null;
    }

    /** How the table looks. */
    enum Format {

        /** No table in the current catalog and schema. */
        MISSING,

        /**
         * Created by an earlier release: {@code REPLAY_ID BIGINT NOT NULL} and no
         * {@code REPLAY_ID_BYTES}.
         */
        NUMBERS_ONLY,

        /** Holds numeric and opaque replay ids. */
        CURRENT

    }

    /**
     * What an inspection found.
     *
     * @param format how the table looks
     * @param platform the platform of the database's scripts, or {@code null} when
     * unknown
     */
    record Inspection(Format format, @Nullable String platform) {

        /**
         * Returns the classpath location of the migration script for this database.
         * @return the location, with {@code <platform>} when the database is not one of
         * ours
         */
        String migrationScript() {
            return MIGRATION_LOCATION.replace("@@platform@@", (this.platform != null) ? this.platform : "<platform>");
        }
    }

}
