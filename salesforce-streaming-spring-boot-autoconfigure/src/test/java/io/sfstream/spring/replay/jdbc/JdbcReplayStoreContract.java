package io.sfstream.spring.replay.jdbc;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

import io.sfstream.core.ReplayException;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayPosition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What every database must do for {@link JdbcReplayStore}; run by one subclass per
 * database.
 */
abstract class JdbcReplayStoreContract {

    private static final String ORDERS = "/event/Order_Placed__e";

    private static final String ACCOUNTS = "/data/AccountChangeEvent";

    private static final Instant TIME = Instant.parse("2026-03-01T10:15:30.123Z");

    /** The table as releases before opaque replay ids created it, per platform. */
    static final Map<String, String> EARLIER_DDL = Map.of("h2", """
            CREATE TABLE SFSTREAM_REPLAY_POSITION (
                CONSUMER_GROUP VARCHAR(100) NOT NULL,
                CHANNEL VARCHAR(255) NOT NULL,
                REPLAY_ID BIGINT NOT NULL,
                EVENT_TIME TIMESTAMP,
                UPDATED_AT TIMESTAMP NOT NULL,
                CONSTRAINT SFSTREAM_REPLAY_POSITION_PK PRIMARY KEY (CONSUMER_GROUP, CHANNEL)
            )""", "postgresql", """
            CREATE TABLE SFSTREAM_REPLAY_POSITION (
                CONSUMER_GROUP VARCHAR(100) NOT NULL,
                CHANNEL VARCHAR(255) NOT NULL,
                REPLAY_ID BIGINT NOT NULL,
                EVENT_TIME TIMESTAMP,
                UPDATED_AT TIMESTAMP NOT NULL,
                CONSTRAINT SFSTREAM_REPLAY_POSITION_PK PRIMARY KEY (CONSUMER_GROUP, CHANNEL)
            )""", "mysql", """
            CREATE TABLE SFSTREAM_REPLAY_POSITION (
                CONSUMER_GROUP VARCHAR(100) NOT NULL,
                CHANNEL VARCHAR(255) NOT NULL,
                REPLAY_ID BIGINT NOT NULL,
                EVENT_TIME DATETIME(6),
                UPDATED_AT DATETIME(6) NOT NULL,
                CONSTRAINT SFSTREAM_REPLAY_POSITION_PK PRIMARY KEY (CONSUMER_GROUP, CHANNEL)
            ) ENGINE=InnoDB""");

    protected abstract DataSource dataSource();

    protected abstract String platform();

    @BeforeEach
    void createEmptyTable() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        jdbc.execute("DROP TABLE IF EXISTS " + JdbcReplayStore.TABLE_NAME);
        new ResourceDatabasePopulator(
                new ClassPathResource("io/sfstream/spring/replay/jdbc/schema-" + platform() + ".sql"))
            .execute(dataSource());
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
        store
            .save(Map.of(ORDERS, new ReplayPosition(beyondInt, TIME), ACCOUNTS, new ReplayPosition(nearLongMax, null)));
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(beyondInt, TIME));
        assertThat(store.load(ACCOUNTS)).contains(new ReplayPosition(nearLongMax, null));
        // Forward-only must compare 64-bit values: 2^32 + 1 is after 2^32 - 1, not before
        // it.
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
                // Every thread has its own store, as every instance of an application
                // has.
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
            assertThat(new JdbcTemplate(dataSource())
                .queryForObject("SELECT COUNT(*) FROM " + JdbcReplayStore.TABLE_NAME, Integer.class)).isEqualTo(4);
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
        assertThatExceptionOfType(ReplayException.class).isThrownBy(
                () -> store.save(Map.of(ORDERS, new ReplayPosition(11, null), ACCOUNTS, new ReplayPosition(1, null))))
            .withMessageContaining("not the leader");
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(10, null));
        assertThat(store.load(ACCOUNTS)).isEmpty();
    }

    @Test
    void replaceMovesAPositionBackwardsOrCreatesItAndHonoursTheGuard() {
        AtomicBoolean mayWrite = new AtomicBoolean(true);
        JdbcReplayStore store = new JdbcReplayStore(dataSource(), "app", mayWrite::get);
        ReplayPosition rejected = opaque(TIME, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        store.save(Map.of(ORDERS, rejected));
        ReplayPosition fresh = opaque(TIME.plusSeconds(1), 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05);
        store.replace(ORDERS, fresh);
        assertThat(store("app").load(ORDERS)).contains(fresh);
        store.replace(ACCOUNTS, new ReplayPosition(7, null));
        assertThat(store.load(ACCOUNTS)).contains(new ReplayPosition(7, null));
        store.replace(ACCOUNTS, new ReplayPosition(3, null));
        assertThat(store.load(ACCOUNTS)).contains(new ReplayPosition(3, null));
        mayWrite.set(false);
        assertThatExceptionOfType(ReplayException.class)
            .isThrownBy(() -> store.replace(ACCOUNTS, new ReplayPosition(1, null)))
            .withMessageContaining("not the leader");
        assertThat(store.load(ACCOUNTS)).contains(new ReplayPosition(3, null));
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

    @Test
    void opaqueReplayIdsRoundTripByteForByte() {
        JdbcReplayStore store = store("app");
        Map<String, ReplayPosition> positions = new TreeMap<>();
        List<byte[]> ids = List.of(bytes(0x00), bytes(0x00, 0x00, 0x00, 0x01), bytes(0x80, 0xFF, 0x7F, 0x00, 0x00),
                bytes(0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x2C, 0xA0), bytes(0x41, 0x20, 0x20), bytes(0xFF),
                randomBytes(new Random(14), 16), randomBytes(new Random(15), 255));
        for (int i = 0; i < ids.size(); i++) {
            positions.put("/event/Opaque" + i + "__e",
                    new ReplayPosition(ReplayId.ofBytes(ids.get(i)), (i % 2 == 0) ? TIME : null));
        }
        store.save(positions);
        JdbcReplayStore other = store("app");
        positions.forEach((channel, position) -> {
            ReplayPosition loaded = other.load(channel).orElseThrow();
            assertThat(loaded).isEqualTo(position);
            assertThat(loaded.replayId().isNumeric()).isFalse();
            assertThat(loaded.replayId().toByteArray()).isEqualTo(position.replayId().toByteArray());
        });
        assertThat(columns("/event/Opaque2__e")).containsExactly(null, bytes(0x80, 0xFF, 0x7F, 0x00, 0x00));
    }

    @Test
    void opaqueReplayIdsOnlyMoveForward() {
        JdbcReplayStore store = store("app");
        ReplayPosition first = opaque(TIME, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00);
        store.save(Map.of(ORDERS, first));
        store.save(Map.of(ORDERS, opaque(TIME.plusSeconds(60), 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0F, 0xFF)));
        store.save(Map.of(ORDERS, opaque(TIME.plusSeconds(60), 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00)));
        assertThat(store.load(ORDERS)).contains(first);
        ReplayPosition next = opaque(TIME.plusSeconds(1), 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x01);
        store.save(Map.of(ORDERS, next));
        assertThat(store.load(ORDERS)).contains(next);
    }

    @Test
    void opaqueReplayIdsCompareAsUnsignedBytesAPrefixFirstLikeReplayId() {
        // Pairs (stored, then offered): the database must keep the greater one as
        // Arrays.compareUnsigned says.
        List<byte[][]> pairs = new ArrayList<>(List.of(new byte[][] { bytes(0x7F), bytes(0x80) },
                new byte[][] { bytes(0x80), bytes(0x7F) }, new byte[][] { bytes(0x01), bytes(0x01, 0x00) },
                new byte[][] { bytes(0x01, 0x00), bytes(0x01) }, new byte[][] { bytes(0x01), bytes(0x01, 0x20) },
                new byte[][] { bytes(0x01, 0x20), bytes(0x01) }, new byte[][] { bytes(0x00, 0xFF), bytes(0x01, 0x00) },
                new byte[][] { bytes(0xFF), bytes(0x00) }, new byte[][] { bytes(0x00), bytes(0x00, 0x00) },
                new byte[][] { bytes(0x01, 0x00, 0x00), bytes(0x01) },
                new byte[][] { bytes(0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7F),
                        bytes(0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80) },
                new byte[][] { bytes(0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),
                        bytes(0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00) }));
        // And pairs drawn with a fixed seed: one is the other changed at one position,
        // cut short or made longer.
        Random random = new Random(20260314);
        for (int i = 0; i < 150; i++) {
            byte[] a = randomBytes(random, 1 + random.nextInt(10));
            byte[] b = a.clone();
            switch (random.nextInt(3)) {
                case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 1 -> b = Arrays.copyOf(a, random.nextInt(a.length) + 1);
                default -> b = Arrays.copyOf(a, a.length + 1 + random.nextInt(3));
            }
            pairs.add(new byte[][] { a, b });
        }
        Map<String, ReplayPosition> stored = new TreeMap<>();
        Map<String, ReplayPosition> offered = new TreeMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            stored.put("/event/Pair" + i + "__e", new ReplayPosition(ReplayId.ofBytes(pairs.get(i)[0]), TIME));
            offered.put("/event/Pair" + i + "__e",
                    new ReplayPosition(ReplayId.ofBytes(pairs.get(i)[1]), TIME.plusSeconds(1)));
        }
        JdbcReplayStore store = store("app");
        store.save(stored);
        store.save(offered);
        Map<String, String> kept = new TreeMap<>();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        jdbc.query(
                "SELECT CHANNEL, REPLAY_ID_BYTES FROM " + JdbcReplayStore.TABLE_NAME + " WHERE CONSUMER_GROUP = 'app'",
                (RowCallbackHandler) (resultSet) -> kept.put(resultSet.getString(1),
                        HexFormat.of().formatHex(resultSet.getBytes(2))));
        for (String channel : stored.keySet()) {
            ReplayPosition expected = offered.get(channel).isAfter(stored.get(channel)) ? offered.get(channel)
                    : stored.get(channel);
            assertThat(kept.get(channel))
                .as("%s then %s", stored.get(channel).replayId(), offered.get(channel).replayId())
                .isEqualTo(HexFormat.of().formatHex(expected.replayId().toByteArray()));
        }
        assertThat(store("app").load("/event/Pair0__e")).contains(offered.get("/event/Pair0__e"));
        assertThat(store("app").load("/event/Pair1__e")).contains(stored.get("/event/Pair1__e"));
        // The database's own order of every id is the order of Arrays.compareUnsigned.
        Map<String, ReplayPosition> all = new TreeMap<>();
        stored.forEach((channel, position) -> all.put("/a" + channel, position));
        offered.forEach((channel, position) -> all.put("/b" + channel, position));
        store("order").save(all);
        List<String> databaseOrder = jdbc.query(
                "SELECT REPLAY_ID_BYTES FROM " + JdbcReplayStore.TABLE_NAME
                        + " WHERE CONSUMER_GROUP = 'order' ORDER BY REPLAY_ID_BYTES",
                (resultSet, row) -> HexFormat.of().formatHex(resultSet.getBytes(1)));
        List<String> unsignedOrder = all.values()
            .stream()
            .map((position) -> position.replayId().toByteArray())
            .sorted(Arrays::compareUnsigned)
            .map(HexFormat.of()::formatHex)
            .toList();
        assertThat(databaseOrder).containsExactlyElementsOf(unsignedOrder);
    }

    @Test
    void numericAndOpaqueReplayIdsReplaceEachOther() {
        JdbcReplayStore store = store("app");
        store.save(Map.of(ORDERS, new ReplayPosition(Long.MAX_VALUE - 7, TIME)));
        // The channel moved to the Pub/Sub API: its first id replaces the number,
        // whatever their values.
        ReplayPosition opaque = opaque(TIME.plusSeconds(1), 0x00);
        store.save(Map.of(ORDERS, opaque));
        assertThat(store.load(ORDERS)).contains(opaque);
        assertThat(columns(ORDERS)).containsExactly(null, bytes(0x00));
        // And back to CometD.
        store.save(Map.of(ORDERS, new ReplayPosition(0, TIME.plusSeconds(2))));
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(0, TIME.plusSeconds(2)));
        assertThat(columns(ORDERS)).containsExactly(0L, null);
        store.save(Map.of(ORDERS, opaque(TIME.plusSeconds(3), 0xFF, 0xFF)));
        store.save(Map.of(ORDERS, new ReplayPosition(5_000_000_123L, TIME.plusSeconds(4))));
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(5_000_000_123L, TIME.plusSeconds(4)));
        store.save(Map.of(ORDERS, new ReplayPosition(5_000_000_122L, TIME.plusSeconds(5))));
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(5_000_000_123L, TIME.plusSeconds(4)));
        // One batch may hold both kinds, on different channels.
        store.save(Map.of(ORDERS, opaque(TIME, 0x01), ACCOUNTS, new ReplayPosition(9, null)));
        assertThat(store.load(ORDERS)).contains(opaque(TIME, 0x01));
        assertThat(store.load(ACCOUNTS)).contains(new ReplayPosition(9, null));
    }

    @Test
    void concurrentOpaqueCommitsFromManyThreadsEndAtTheHighestId() throws Exception {
        int threads = 4;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ReplayId>> highest = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                JdbcReplayStore store = store("app");
                highest.add(executor.submit(() -> {
                    start.await();
                    ReplayId max = null;
                    for (int i = 0; i < 20; i++) {
                        // 8 bytes, as the Pub/Sub API's ids today; half of them start
                        // with a byte >= 0x80.
                        ReplayId replayId = ReplayId
                            .ofBytes(ByteBuffer.allocate(8).putLong(ThreadLocalRandom.current().nextLong()).array());
                        max = (max == null || replayId.isAfter(max)) ? replayId : max;
                        store.save(Map.of(ORDERS, new ReplayPosition(replayId, null), ACCOUNTS,
                                new ReplayPosition(replayId, TIME)));
                    }
                    return max;
                }));
            }
            start.countDown();
            ReplayId expected = null;
            for (Future<ReplayId> future : highest) {
                ReplayId max = future.get(60, TimeUnit.SECONDS);
                expected = (expected == null || max.isAfter(expected)) ? max : expected;
            }
            assertThat(store("app").load(ORDERS)).contains(new ReplayPosition(expected, null));
            assertThat(store("app").load(ACCOUNTS)).contains(new ReplayPosition(expected, TIME));
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aTableOfAnEarlierReleaseKeepsWorkingForNumericIdsAndRefusesOpaqueOnesWithWhatToDo() {
        createTableOfAnEarlierRelease();
        JdbcReplayStore store = store("app");
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(5_000_000_123L, TIME));
        assertThat(store.load(ACCOUNTS)).contains(new ReplayPosition(7, null));
        store.save(Map.of(ORDERS, new ReplayPosition(5_000_000_122L, TIME.plusSeconds(1))));
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(5_000_000_123L, TIME));
        store.save(Map.of(ORDERS, new ReplayPosition(5_000_000_124L, TIME.plusSeconds(1)), "/topic/New",
                new ReplayPosition(1, TIME)));
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(5_000_000_124L, TIME.plusSeconds(1)));
        assertThat(store.load("/topic/New")).contains(new ReplayPosition(1, TIME));
        assertThatExceptionOfType(ReplayException.class)
            .isThrownBy(() -> store.save(Map.of(ORDERS, opaque(TIME, 0x01), ACCOUNTS, new ReplayPosition(8, null))))
            .withMessageContaining("table " + JdbcReplayStore.TABLE_NAME)
            .withMessageContaining("has no column REPLAY_ID_BYTES")
            .withMessageContaining(
                    "classpath:io/sfstream/spring/replay/jdbc/migrate-opaque-replay-ids-" + platform() + ".sql")
            .withMessageContaining("salesforce.streaming.replay.jdbc.initialize-schema=always");
        // Nothing of that batch was saved, and the store goes on with numeric ids.
        assertThat(store.load(ORDERS)).contains(new ReplayPosition(5_000_000_124L, TIME.plusSeconds(1)));
        assertThat(store.load(ACCOUNTS)).contains(new ReplayPosition(7, null));
        store.save(Map.of(ACCOUNTS, new ReplayPosition(8, null)));
        assertThat(store("app").load(ACCOUNTS)).contains(new ReplayPosition(8, null));
    }

    @Test
    void theMigrationScriptKeepsTheRowsAndLetsOpaqueIdsIn() {
        createTableOfAnEarlierRelease();
        JdbcReplayStore store = store("app");
        store.save(Map.of(ACCOUNTS, new ReplayPosition(8, null)));
        new ResourceDatabasePopulator(new ClassPathResource(
                "io/sfstream/spring/replay/jdbc/migrate-opaque-replay-ids-" + platform() + ".sql"))
            .execute(dataSource());
        assertOldRowsIntactAndOpaqueIdsSaved(store);
    }

    @Test
    void theSchemaInitializerMigratesATableOfAnEarlierReleaseOnceAndKeepsItsRows() {
        createTableOfAnEarlierRelease();
        JdbcReplayStore store = store("app");
        store.save(Map.of(ACCOUNTS, new ReplayPosition(8, null)));
        JdbcReplayStoreProperties properties = new JdbcReplayStoreProperties();
        properties.setInitializeSchema(DatabaseInitializationMode.ALWAYS);
        for (int i = 0; i < 2; i++) {
            assertThat(new JdbcReplayStoreSchemaInitializer(dataSource(), properties).initializeDatabase()).isTrue();
        }
        assertOldRowsIntactAndOpaqueIdsSaved(store);
    }

    @Test
    void aStoreThatSawTheTableBeforeItWasMigratedFollowsTheMigration() {
        createTableOfAnEarlierRelease();
        JdbcReplayStore earlier = store("app");
        earlier.save(Map.of(ACCOUNTS, new ReplayPosition(8, null)));
        new ResourceDatabasePopulator(new ClassPathResource(
                "io/sfstream/spring/replay/jdbc/migrate-opaque-replay-ids-" + platform() + ".sql"))
            .execute(dataSource());
        // Another instance, started after the migration, moves the channel to opaque ids.
        store("app").save(Map.of(ACCOUNTS, opaque(TIME, 0x02)));
        // The earlier store's numeric save is refused by the table rather than lost; the
        // next one gets through.
        assertThatExceptionOfType(ReplayException.class)
            .isThrownBy(() -> earlier.save(Map.of(ACCOUNTS, new ReplayPosition(9, null))));
        assertThat(earlier.load(ACCOUNTS)).contains(opaque(TIME, 0x02));
        earlier.save(Map.of(ACCOUNTS, new ReplayPosition(9, null)));
        assertThat(earlier.load(ACCOUNTS)).contains(new ReplayPosition(9, null));
    }

    private void assertOldRowsIntactAndOpaqueIdsSaved(JdbcReplayStore storeFromBefore) {
        assertThat(columns(ORDERS)).containsExactly(5_000_000_123L, null);
        assertThat(store("app").load(ORDERS)).contains(new ReplayPosition(5_000_000_123L, TIME));
        assertThat(store("app").load(ACCOUNTS)).contains(new ReplayPosition(8, null));
        assertThat(store("other").load(ORDERS)).contains(new ReplayPosition(1, null));
        // A store that saw the table before follows the migration, and so does a new one.
        storeFromBefore.save(Map.of(ORDERS, opaque(TIME.plusSeconds(1), 0x00, 0x80)));
        assertThat(store("app").load(ORDERS)).contains(opaque(TIME.plusSeconds(1), 0x00, 0x80));
        assertThat(columns(ORDERS)).containsExactly(null, bytes(0x00, 0x80));
        store("app").save(Map.of(ORDERS, opaque(TIME, 0x00, 0x7F), ACCOUNTS, opaque(TIME, 0x00)));
        assertThat(storeFromBefore.load(ORDERS)).contains(opaque(TIME.plusSeconds(1), 0x00, 0x80));
        assertThat(storeFromBefore.load(ACCOUNTS)).contains(opaque(TIME, 0x00));
        storeFromBefore.save(Map.of(ACCOUNTS, new ReplayPosition(Long.MAX_VALUE, null)));
        assertThat(store("app").load(ACCOUNTS)).contains(new ReplayPosition(Long.MAX_VALUE, null));
        assertThat(store("other").load(ORDERS)).contains(new ReplayPosition(1, null));
        // Exactly one of the two columns is set, where the database enforces CHECK
        // constraints.
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        assertThatExceptionOfType(DataIntegrityViolationException.class)
            .isThrownBy(() -> jdbc.update("UPDATE " + JdbcReplayStore.TABLE_NAME
                    + " SET REPLAY_ID = 1 WHERE CONSUMER_GROUP = 'app' AND CHANNEL = ?", ORDERS));
    }

    /**
     * Creates the table as releases before opaque replay ids did, with rows they wrote.
     */
    private void createTableOfAnEarlierRelease() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        jdbc.execute("DROP TABLE IF EXISTS " + JdbcReplayStore.TABLE_NAME);
        jdbc.execute(EARLIER_DDL.get(platform()));
        String insert = "INSERT INTO " + JdbcReplayStore.TABLE_NAME
                + " (CONSUMER_GROUP, CHANNEL, REPLAY_ID, EVENT_TIME, UPDATED_AT) VALUES (?, ?, ?, ?, ?)";
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        jdbc.update(insert, "app", ORDERS, 5_000_000_123L, LocalDateTime.ofInstant(TIME, ZoneOffset.UTC), now);
        jdbc.update(insert, "app", ACCOUNTS, 7L, null, now);
        jdbc.update(insert, "other", ORDERS, 1L, null, now);
    }

    /**
     * Returns the row's {@code REPLAY_ID} and {@code REPLAY_ID_BYTES}, or nothing when
     * there is no row.
     */
    private List<Object> columns(String channel) {
        List<List<Object>> rows = new JdbcTemplate(dataSource()).query("SELECT REPLAY_ID, REPLAY_ID_BYTES FROM "
                + JdbcReplayStore.TABLE_NAME + " WHERE CONSUMER_GROUP = 'app' AND CHANNEL = ?", (resultSet, row) -> {
                    long number = resultSet.getLong(1);
                    return Arrays.asList(resultSet.wasNull() ? null : number, resultSet.getBytes(2));
                }, channel);
        return rows.isEmpty() ? List.of() : rows.get(0);
    }

    private static ReplayPosition opaque(Instant eventTime, int... bytes) {
        return new ReplayPosition(ReplayId.ofBytes(bytes(bytes)), eventTime);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private JdbcReplayStore store(String consumerGroup) {
        return new JdbcReplayStore(dataSource(), consumerGroup);
    }

}
