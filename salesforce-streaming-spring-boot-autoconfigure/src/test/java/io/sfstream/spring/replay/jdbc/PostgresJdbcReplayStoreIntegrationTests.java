package io.sfstream.spring.replay.jdbc;

import javax.sql.DataSource;

import io.sfstream.spring.support.EmbeddedPostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresJdbcReplayStoreIntegrationTests extends JdbcReplayStoreContract {

    @RegisterExtension
    static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

    @Override
    protected DataSource dataSource() {
        return postgres.dataSource();
    }

    @Override
    protected String platform() {
        return "postgresql";
    }

}
