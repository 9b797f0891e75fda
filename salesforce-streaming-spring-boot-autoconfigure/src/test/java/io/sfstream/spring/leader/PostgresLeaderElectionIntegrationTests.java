package io.sfstream.spring.leader;

import java.io.IOException;
import java.time.Duration;

import io.sfstream.spring.support.EmbeddedPostgresExtension;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leader election on a real PostgreSQL server, including the server going away.
 */
class PostgresLeaderElectionIntegrationTests {

    private static final Duration TTL = Duration.ofMillis(1500);

    private static final Duration HEARTBEAT = Duration.ofMillis(200);

    // A server per test: one test stops it.
    @RegisterExtension
    final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

    private ElectionInstance first;

    private ElectionInstance second;

    @BeforeEach
    void startTwoInstances(EmbeddedPostgres server) {
        new ResourceDatabasePopulator(new ClassPathResource("io/sfstream/spring/leader/schema-postgresql.sql"))
            .execute(server.getPostgresDatabase());
        this.first = new ElectionInstance(server.getPostgresDatabase(), "orders", TTL, HEARTBEAT).start();
        await().atMost(Duration.ofSeconds(10)).until(this.first::leads);
        this.second = new ElectionInstance(server.getPostgresDatabase(), "orders", TTL, HEARTBEAT).start();
    }

    @AfterEach
    void stop() {
        this.first.close();
        this.second.close();
    }

    @Test
    void theStandbyTakesOverWhenTheLeaderStops() {
        assertThat(this.second.leads()).isFalse();
        this.first.close();
        await().atMost(TTL).until(this.second::leads);
        assertThat(this.second.subscriber.isRunning()).isTrue();
        assertThat(this.first.subscriber.isRunning()).isFalse();
    }

    @Test
    void whenTheDatabaseGoesAwayNoInstanceKeepsLeading(EmbeddedPostgres server) throws IOException {
        server.close();
        await().atMost(TTL.plus(HEARTBEAT)).until(() -> !this.first.leads());
        assertThat(this.first.subscriber.isRunning()).isFalse();
        assertThat(this.first.candidate.confirmLeadership()).isFalse();
        for (int i = 0; i < 5; i++) {
            assertThat(this.second.leads()).isFalse();
            assertThat(this.second.subscriber.isRunning()).isFalse();
            await().pollDelay(HEARTBEAT).until(() -> true);
        }
    }

}
