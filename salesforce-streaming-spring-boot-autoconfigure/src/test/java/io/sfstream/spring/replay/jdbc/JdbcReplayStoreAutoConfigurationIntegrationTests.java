package io.sfstream.spring.replay.jdbc;

import java.util.Map;
import javax.sql.DataSource;

import io.sfstream.core.ReplayException;
import io.sfstream.core.replay.FileReplayStore;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.spring.autoconfigure.InvalidSalesforceStreamingPropertyException;
import io.sfstream.spring.autoconfigure.SalesforceStreamingAutoConfiguration;
import io.sfstream.spring.support.EmbeddedPostgresExtension;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JdbcReplayStoreAutoConfigurationIntegrationTests {

    private static final String[] CREDENTIALS = { "salesforce.streaming.login-url=http://127.0.0.1:1",
            "salesforce.streaming.consumer-key=key", "salesforce.streaming.consumer-secret=secret",
            "salesforce.streaming.username=user@example.com", "salesforce.streaming.password=password" };

    private static final String ORDERS = "/event/Order_Placed__e";

    private static final ReplayPosition OPAQUE = new ReplayPosition(
            ReplayId.ofBytes(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, (byte) 0x80, 0x01 }), null);

    @RegisterExtension
    static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                SalesforceStreamingAutoConfiguration.class, JdbcReplayStoreAutoConfiguration.class))
        .withPropertyValues(CREDENTIALS)
        .withPropertyValues("spring.datasource.generate-unique-name=true");

    @Test
    void jdbcStoreIsUsedWhenAskedAndItsTableIsCreatedInAnEmbeddedDatabase() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.replay.store=jdbc", "spring.application.name=billing")
            .run((context) -> {
                assertThat(context).hasSingleBean(ReplayStore.class);
                JdbcReplayStore store = context.getBean(JdbcReplayStore.class);
                assertThat(store.getConsumerGroup()).isEqualTo("billing");
                assertThat(rows(context.getBean(DataSource.class))).isZero();
            });
    }

    @Test
    void consumerGroupPropertyWinsOverTheApplicationName() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.replay.store=jdbc", "spring.application.name=billing",
                    "salesforce.streaming.replay.jdbc.consumer-group=billing-eu")
            .run((context) -> assertThat(context.getBean(JdbcReplayStore.class).getConsumerGroup())
                .isEqualTo("billing-eu"));
    }

    @Test
    void consumerGroupDefaultsToDefault() {
        this.contextRunner.withPropertyValues("salesforce.streaming.replay.store=jdbc")
            .run((context) -> assertThat(context.getBean(JdbcReplayStore.class).getConsumerGroup())
                .isEqualTo("default"));
    }

    @Test
    void theFileStoreStaysTheDefaultEvenWithADataSource() {
        this.contextRunner
            .run((context) -> assertThat(context.getBean(ReplayStore.class)).isInstanceOf(FileReplayStore.class));
    }

    @Test
    void jdbcStoreIsChosenWhenLeaderElectionIsEnabledAndNoStoreIsSet() {
        this.contextRunner.withPropertyValues("salesforce.streaming.leader.enabled=true")
            .run((context) -> assertThat(context.getBean(ReplayStore.class)).isInstanceOf(JdbcReplayStore.class));
    }

    @Test
    void anExplicitStoreWinsOverLeaderElection() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.leader.enabled=true", "salesforce.streaming.replay.store=file")
            .run((context) -> assertThat(context.getBean(ReplayStore.class)).isInstanceOf(FileReplayStore.class));
    }

    @Test
    void initializeSchemaNeverLeavesTheDatabaseAlone() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.replay.store=jdbc",
                    "salesforce.streaming.replay.jdbc.initialize-schema=never")
            .run((context) -> assertThat(tableExists(context.getBean(DataSource.class))).isFalse());
    }

    @Test
    void withoutADataSourceTheJdbcStoreFailsWithWhatToDo() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SalesforceStreamingAutoConfiguration.class,
                    JdbcReplayStoreAutoConfiguration.class))
            .withPropertyValues(CREDENTIALS)
            .withPropertyValues("salesforce.streaming.replay.store=jdbc")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(InvalidSalesforceStreamingPropertyException.class)
                .hasMessageContaining("DataSource"));
    }

    @Test
    void aServerDatabaseIsNotInitializedByDefault() {
        dropTable(postgres.dataSource());
        this.contextRunner.withBean(DataSource.class, postgres::dataSource)
            .withPropertyValues("salesforce.streaming.replay.store=jdbc")
            .run((context) -> assertThat(tableExists(postgres.dataSource())).isFalse());
    }

    @Test
    void aServerDatabaseIsInitializedWhenAlwaysIsSetAndAgainWithoutHarm() {
        dropTable(postgres.dataSource());
        for (int i = 0; i < 2; i++) {
            this.contextRunner.withBean(DataSource.class, postgres::dataSource)
                .withPropertyValues("salesforce.streaming.replay.store=jdbc",
                        "salesforce.streaming.replay.jdbc.initialize-schema=always")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(tableExists(postgres.dataSource())).isTrue();
                });
        }
    }

    @Test
    void aTableOfAnEarlierReleaseInAnEmbeddedDatabaseIsMigratedOnStartupAndKeepsItsRows() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:earlier-release;DB_CLOSE_DELAY=-1");
        createTableOfAnEarlierRelease(h2, "h2");
        this.contextRunner.withBean(DataSource.class, () -> h2)
            .withPropertyValues("salesforce.streaming.replay.store=jdbc", "spring.application.name=billing")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertMigratedWithRowsIntact(context.getBean(JdbcReplayStore.class));
            });
        dropTable(h2);
    }

    @Test
    void aTableOfAnEarlierReleaseInAServerDatabaseIsMigratedWhenAlwaysIsSetOnce(DataSource database) {
        createTableOfAnEarlierRelease(database, "postgresql");
        for (int i = 0; i < 2; i++) {
            this.contextRunner.withBean(DataSource.class, postgres::dataSource)
                .withPropertyValues("salesforce.streaming.replay.store=jdbc", "spring.application.name=billing",
                        "salesforce.streaming.replay.jdbc.initialize-schema=always")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertMigratedWithRowsIntact(context.getBean(JdbcReplayStore.class));
                });
        }
    }

    @Test
    void aTableOfAnEarlierReleaseInAServerDatabaseIsLeftAsItIsByDefaultAndWorksForNumericIds(DataSource database) {
        createTableOfAnEarlierRelease(database, "postgresql");
        this.contextRunner.withBean(DataSource.class, postgres::dataSource)
            .withPropertyValues("salesforce.streaming.replay.store=jdbc", "spring.application.name=billing")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                JdbcReplayStore store = context.getBean(JdbcReplayStore.class);
                assertThat(store.load(ORDERS)).contains(new ReplayPosition(42, null));
                store.save(Map.of(ORDERS, new ReplayPosition(43, null)));
                assertThat(store.load(ORDERS)).contains(new ReplayPosition(43, null));
                assertThatExceptionOfType(ReplayException.class).isThrownBy(() -> store.save(Map.of(ORDERS, OPAQUE)))
                    .withMessageContaining("migrate-opaque-replay-ids-postgresql.sql")
                    .withMessageContaining("initialize-schema=always");
            });
    }

    private static void assertMigratedWithRowsIntact(JdbcReplayStore store) {
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(42, null));
        store.save(Map.of(ORDERS, OPAQUE));
        assertThat(store.load(ORDERS)).contains(OPAQUE);
        assertThat(store.load("/data/AccountChangeEvent")).contains(new ReplayPosition(5_000_000_123L, null));
        store.save(Map.of(ORDERS, new ReplayPosition(42, null)));
    }

    private static void createTableOfAnEarlierRelease(DataSource dataSource, String platform) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("DROP TABLE IF EXISTS " + JdbcReplayStore.TABLE_NAME);
        jdbc.execute(JdbcReplayStoreContract.EARLIER_DDL.get(platform));
        String insert = "INSERT INTO " + JdbcReplayStore.TABLE_NAME
                + " (CONSUMER_GROUP, CHANNEL, REPLAY_ID, UPDATED_AT) VALUES ('billing', ?, ?, CURRENT_TIMESTAMP)";
        jdbc.update(insert, ORDERS, 42L);
        jdbc.update(insert, "/data/AccountChangeEvent", 5_000_000_123L);
    }

    private static int rows(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM " + JdbcReplayStore.TABLE_NAME,
                Integer.class);
    }

    private static boolean tableExists(DataSource dataSource) {
        try {
            rows(dataSource);
            return true;
        }
        catch (org.springframework.dao.DataAccessException ex) {
            return false;
        }
    }

    private static void dropTable(DataSource dataSource) {
        new JdbcTemplate(dataSource).execute("DROP TABLE IF EXISTS " + JdbcReplayStore.TABLE_NAME);
    }

}
