package io.sfstream.spring.replay.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.sfstream.core.ReplayException;
import io.sfstream.core.replay.ReplayPosition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What every database must do for {@link JdbcReplayStore}; run by one subclass per database.
 */
abstract class JdbcReplayStoreContract {

    private static final String ORDERS = "/event/Order_Placed__e";

    private static final String ACCOUNTS = "/data/AccountChangeEvent";

    private static final Instant TIME = Instant.parse("2026-03-01T10:15:30.123Z");

    protected abstract DataSource dataSource();

    protected abstract String platform();

    @BeforeEach
    void createEmptyTable() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        jdbc.execute("DROP TABLE IF EXISTS " + JdbcReplayStore.TABLE_NAME);
        new ResourceDatabasePopulator(new ClassPathResource("io/sfstream/spring/replay/jdbc/schema-" + platform()
                + ".sql")).execute(dataSource());
    }

    @Test
    void aChannelWithoutPositionLoadsEmpty() {
        assertThat(store("app").load(ORDERS)).isEmpty();
    }

    @Test
    void aSavedPositionLoadsWithItsEventTime() {
        store("app").save(Map.of(ORDERS, new ReplayPosition(42, TIME)));
        assertThat(store("app").load(ORDERS)).contains(new ReplayPosition(42, TIME));
    }

    @Test
    void aPositionWithoutEventTimeLoadsWithout() {
        store("app").save(Map.of(ORDERS, new ReplayPosition(7, null)));
        assertThat(store("app").load(ORDERS)).contains(new ReplayPosition(7, null));
    }

    @Test
    void replayIdsBeyondThirtyTwoBitsRoundTripAndCompareAsSixtyFourBitValues() {
        JdbcReplayStore store = store("app");
        long beyondInt = 5_000_000_123L;
        long nearLongMax = Long.MAX_VALUE - 7;
        store.save(Map.of(ORDERS, new ReplayPosition(beyondInt, TIME), ACCOUNTS, new ReplayPosition(nearLongMax, null)));
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(beyondInt, TIME));
        assertThat(store.load(ACCOUNTS)).contains(new ReplayPosition(nearLongMax, null));
        // Forward-only must compare 64-bit values: 2^32 + 1 is after 2^32 - 1, not before it.
        store.save(Map.of(ORDERS, new ReplayPosition((1L << 32) - 1, TIME)));
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(beyondInt, TIME));
        store.save(Map.of(ORDERS, new ReplayPosition(beyondInt + (1L << 32), TIME.plusSeconds(1))));
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(beyondInt + (1L << 32), TIME.plusSeconds(1)));
    }

    @Test
    void positionsOnlyMoveForward() {
        JdbcReplayStore store = store("app");
        store.save(Map.of(ORDERS, new ReplayPosition(100, TIME)));
        store.save(Map.of(ORDERS, new ReplayPosition(99, TIME.plusSeconds(60))));
        store.save(Map.of(ORDERS, new ReplayPosition(100, TIME.plusSeconds(60))));
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(100, TIME));
        store.save(Map.of(ORDERS, new ReplayPosition(101, TIME.plusSeconds(1))));
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(101, TIME.plusSeconds(1)));
    }

    @Test
    void aBatchSavesSeveralChannelsAndKeepsTheNewerOfEach() {
        JdbcReplayStore store = store("app");
        store.save(Map.of(ORDERS, new ReplayPosition(10, null)));
        store.save(Map.of(ORDERS, new ReplayPosition(5, null), ACCOUNTS, new ReplayPosition(3, TIME)));
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(10, null));
        assertThat(store.load(ACCOUNTS)).contains(new ReplayPosition(3, TIME));
    }

    @Test
    void consumerGroupsDoNotSeeEachOthersPositions() {
        store("billing").save(Map.of(ORDERS, new ReplayPosition(10, null)));
        store("shipping").save(Map.of(ORDERS, new ReplayPosition(3, null)));
        assertThat(store("billing").load(ORDERS)).contains(new ReplayPosition(10, null));
        assertThat(store("shipping").load(ORDERS)).contains(new ReplayPosition(3, null));
        assertThat(store("audit").load(ORDERS)).isEmpty();
    }

    @Test
    void concurrentCommitsFromManyThreadsEndAtTheHighestPosition() throws Exception {
        int threads = 8;
        int savesPerThread = 25;
        List<String> channels = List.of(ORDERS, ACCOUNTS, "/topic/Hot", "/event/Other__e");
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> highest = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                // Every thread has its own store, as every instance of an application has.
                JdbcReplayStore store = store("app");
                highest.add(executor.submit(() -> {
                    start.await();
                    long max = 0;
                    for (int i = 0; i < savesPerThread; i++) {
                        long replayId = ThreadLocalRandom.current().nextLong(1, 1_000_000);
                        max = Math.max(max, replayId);
                        store.save(Map.of(channels.get(0), new ReplayPosition(replayId, null), channels.get(1),
                                new ReplayPosition(replayId, null), channels.get(2 + i % 2),
                                new ReplayPosition(replayId, TIME)));
                    }
                    return max;
                }));
            }
            start.countDown();
            long expected = 0;
            for (Future<Long> future : highest) {
                expected = Math.max(expected, future.get(60, TimeUnit.SECONDS));
            }
            assertThat(store("app").load(ORDERS).orElseThrow().replayId().longValue()).isEqualTo(expected);
            assertThat(store("app").load(ACCOUNTS).orElseThrow().replayId().longValue()).isEqualTo(expected);
            assertThat(new JdbcTemplate(dataSource()).queryForObject(
                    "SELECT COUNT(*) FROM " + JdbcReplayStore.TABLE_NAME, Integer.class)).isEqualTo(4);
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aStoreWhoseGuardSaysNoRefusesToSaveAndWritesNothing() {
        AtomicBoolean mayWrite = new AtomicBoolean(true);
        JdbcReplayStore store = new JdbcReplayStore(dataSource(), "app", mayWrite::get);
        store.save(Map.of(ORDERS, new ReplayPosition(10, null)));
        mayWrite.set(false);
        assertThatExceptionOfType(ReplayException.class)
            .isThrownBy(() -> store.save(Map.of(ORDERS, new ReplayPosition(11, null), ACCOUNTS,
                    new ReplayPosition(1, null))))
            .withMessageContaining("not the leader");
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(10, null));
        assertThat(store.load(ACCOUNTS)).isEmpty();
    }

    @Test
    void aMissingTableIsReportedWithWhatToDo() {
        new JdbcTemplate(dataSource()).execute("DROP TABLE " + JdbcReplayStore.TABLE_NAME);
        JdbcReplayStore store = store("app");
        assertThatExceptionOfType(ReplayException.class).isThrownBy(() -> store.load(ORDERS))
            .withMessageContaining(JdbcReplayStore.TABLE_NAME)
            .withMessageContaining("initialize-schema=always");
        assertThatExceptionOfType(ReplayException.class)
            .isThrownBy(() -> store.save(Map.of(ORDERS, new ReplayPosition(1, null))))
            .withMessageContaining("Could not save replay positions");
    }

    private JdbcReplayStore store(String consumerGroup) {
        return new JdbcReplayStore(dataSource(), consumerGroup);
    }
}
