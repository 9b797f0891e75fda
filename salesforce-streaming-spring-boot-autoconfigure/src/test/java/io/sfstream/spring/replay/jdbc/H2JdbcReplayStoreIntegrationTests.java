package io.sfstream.spring.replay.jdbc;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

class H2JdbcReplayStoreIntegrationTests extends JdbcReplayStoreContract {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    H2JdbcReplayStoreIntegrationTests() {
        this.dataSource.setURL("jdbc:h2:mem:replay-store;DB_CLOSE_DELAY=-1");
    }

    @Override
    protected DataSource dataSource() {
        return this.dataSource;
    }

    @Override
    protected String platform() {
        return "h2";
    }

}
