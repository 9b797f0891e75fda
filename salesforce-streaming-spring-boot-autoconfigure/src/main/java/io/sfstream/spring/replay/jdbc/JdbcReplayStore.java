package io.sfstream.spring.replay.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

import io.sfstream.core.ReplayException;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.spring.replay.jdbc.JdbcReplayStoreTable.Format;
import io.sfstream.spring.replay.jdbc.JdbcReplayStoreTable.Inspection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A {@link ReplayStore} in a relational database table: one row per consumer group and
 * channel, holding the replay id, the event time and when the row was last updated (both
 * UTC). Several applications, or several instances of one, share a database: each
 * consumer group has its own positions.
 *
 * <p>
 * A numeric replay id (CometD Streaming API) is stored in {@code REPLAY_ID}, opaque bytes
 * (Pub/Sub API) in {@code REPLAY_ID_BYTES}, byte for byte; the other column of the row is
 * cleared.
 *
 * <p>
 * {@link #save(Map)} writes a batch in one transaction with a portable forward-only
 * upsert: an {@code UPDATE} guarded by {@code REPLAY_ID < ?} (or
 * {@code REPLAY_ID_BYTES < ?}, which every supported database compares as unsigned bytes,
 * a prefix first, like {@link ReplayId}), or by the row holding an id of the other kind,
 * and an {@code INSERT} when the channel has no row yet (a concurrent insert of the same
 * row is detected as a duplicate key and the update is tried again). A position never
 * moves backwards, whichever instance writes it and in whatever order; an id of the other
 * kind replaces it (the channel moved to the other transport). Works on PostgreSQL,
 * MySQL, MariaDB and H2; the table's DDL is in
 * {@code classpath:io/sfstream/spring/replay/jdbc/schema-<platform>.sql}.
 *
 * <p>
 * A table created by an earlier release has no {@code REPLAY_ID_BYTES} column (found out
 * from the database's metadata on first use, and again after a failure). Numeric ids are
 * read and written in it as before; saving an opaque id fails with a
 * {@link ReplayException} saying how to migrate it
 * ({@code classpath:io/sfstream/spring/replay/jdbc/migrate-opaque-replay-ids-<platform>.sql},
 * which {@link JdbcReplayStoreSchemaInitializer} runs when it initializes the schema).
 *
 * <p>
 * An optional write guard is checked in every save: when it answers {@code false} (for
 * example because this instance is no longer the leader of its consumer group) the save
 * is refused with a {@link ReplayException}.
 *
 * <p>
 * Thread-safe.
 */
public final class JdbcReplayStore implements ReplayStore {

    /** The table holding replay positions. */
    public static final String TABLE_NAME = "SFSTREAM_REPLAY_POSITION";

    private static final Logger logger = LoggerFactory.getLogger(JdbcReplayStore.class);

    private static final int MAX_ATTEMPTS = 3;

    private static final String ROW = " WHERE CONSUMER_GROUP = ? AND CHANNEL = ?";

    private static final String SELECT = "SELECT REPLAY_ID, REPLAY_ID_BYTES, EVENT_TIME FROM " + TABLE_NAME + ROW;

    // A number replaces a smaller number, or opaque bytes (the channel moved back to the
    // CometD Streaming API).
    private static final String UPDATE_NUMBER = "UPDATE " + TABLE_NAME
            + " SET REPLAY_ID = ?, REPLAY_ID_BYTES = NULL, EVENT_TIME = ?, UPDATED_AT = ?" + ROW
            + " AND (REPLAY_ID < ? OR REPLAY_ID IS NULL)";

    private static final String INSERT_NUMBER = "INSERT INTO " + TABLE_NAME
            + " (CONSUMER_GROUP, CHANNEL, REPLAY_ID, EVENT_TIME, UPDATED_AT) VALUES (?, ?, ?, ?, ?)";

    // Bytes replace smaller bytes (compared as unsigned bytes, a prefix first), or a
    // number (the channel moved to the
    // Pub/Sub API).
    private static final String UPDATE_BYTES = "UPDATE " + TABLE_NAME
            + " SET REPLAY_ID = NULL, REPLAY_ID_BYTES = ?, EVENT_TIME = ?, UPDATED_AT = ?" + ROW
            + " AND (REPLAY_ID_BYTES < ? OR REPLAY_ID_BYTES IS NULL)";

    // A replay fallback: the position replaced whatever its order.
    private static final String REPLACE_NUMBER = "UPDATE " + TABLE_NAME
            + " SET REPLAY_ID = ?, REPLAY_ID_BYTES = NULL, EVENT_TIME = ?, UPDATED_AT = ?" + ROW;

    private static final String REPLACE_BYTES = "UPDATE " + TABLE_NAME
            + " SET REPLAY_ID = NULL, REPLAY_ID_BYTES = ?, EVENT_TIME = ?, UPDATED_AT = ?" + ROW;

    private static final String REPLACE_NUMBERS_ONLY = "UPDATE " + TABLE_NAME
            + " SET REPLAY_ID = ?, EVENT_TIME = ?, UPDATED_AT = ?" + ROW;

    private static final String INSERT_BYTES = "INSERT INTO " + TABLE_NAME
            + " (CONSUMER_GROUP, CHANNEL, REPLAY_ID_BYTES, EVENT_TIME, UPDATED_AT) VALUES (?, ?, ?, ?, ?)";

    // A table created by an earlier release: REPLAY_ID BIGINT NOT NULL and no
    // REPLAY_ID_BYTES. Should it have been
    // migrated since and hold opaque bytes in this row (written by another instance), the
    // update breaks the table's
    // CHECK constraint instead of leaving the row behind silently; the failure makes this
    // store look at the table
    // again.
    private static final String SELECT_NUMBERS_ONLY = "SELECT REPLAY_ID, EVENT_TIME FROM " + TABLE_NAME + ROW;

    private static final String UPDATE_NUMBERS_ONLY = "UPDATE " + TABLE_NAME
            + " SET REPLAY_ID = ?, EVENT_TIME = ?, UPDATED_AT = ?" + ROW + " AND (REPLAY_ID < ? OR REPLAY_ID IS NULL)";

    private static final String WHAT_TO_DO = "Check that the database is reachable and that the table exists: set "
            + "salesforce.streaming.replay.jdbc.initialize-schema=always, or create it with "
            + "classpath:io/sfstream/spring/replay/jdbc/schema-<platform>.sql (Flyway, Liquibase)";

    private final JdbcTemplate jdbcTemplate;

    private final TransactionTemplate transactionTemplate;

    private final String consumerGroup;

    private final BooleanSupplier writeGuard;

    // What the table looks like, once it was found; looked at again after a failure (it
    // may have been created,
    // migrated or dropped since).
    private volatile @Nullable Inspection table;

    /**
     * Creates a store that always writes.
     * @param dataSource the database
     * @param consumerGroup whose positions this store reads and writes, 1 to 100
     * characters
     */
    public JdbcReplayStore(DataSource dataSource, String consumerGroup) {
        this(dataSource, consumerGroup, () -> true);
    }

    /**
     * Creates a store that writes only while the guard allows it.
     * @param dataSource the database
     * @param consumerGroup whose positions this store reads and writes, 1 to 100
     * characters
     * @param writeGuard asked in every save whether this instance may still write
     * positions
     */
    public JdbcReplayStore(DataSource dataSource, String consumerGroup, BooleanSupplier writeGuard) {
        if (consumerGroup.isBlank() || consumerGroup.length() > 100) {
            throw new IllegalArgumentException(
                    "The consumer group must have 1 to 100 characters: '" + consumerGroup + "'");
        }
        this.jdbcTemplate = new JdbcTemplate(dataSource);
        this.transactionTemplate = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.transactionTemplate.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.consumerGroup = consumerGroup;
        this.writeGuard = writeGuard;
    }

    /**
     * Returns the consumer group whose positions this store holds.
     * @return the consumer group
     */
    public String getConsumerGroup() {
        return this.consumerGroup;
    }

    @Override
    public Optional<ReplayPosition> load(String channel) {
        try {
            boolean opaqueColumn = table(false).format() != Format.NUMBERS_ONLY;
            List<ReplayPosition> positions = this.jdbcTemplate.query(opaqueColumn ? SELECT : SELECT_NUMBERS_ONLY,
                    (resultSet, row) -> position(channel, resultSet, opaqueColumn), this.consumerGroup, channel);
            return positions.stream().findFirst();
        }
        catch (DataAccessException ex) {
            this.table = null;
            throw new ReplayException("Could not read the replay position of " + channel + " (consumer group '"
                    + this.consumerGroup + "') from table " + TABLE_NAME + ": " + ex.getMostSpecificCause().getMessage()
                    + ". " + WHAT_TO_DO, ex);
        }
    }

    @Override
    public void save(Map<String, ReplayPosition> positions) {
        if (positions.isEmpty()) {
            return;
        }
        // Sorted, so that concurrent batches lock rows in the same order and cannot
        // deadlock each other.
        Map<String, ReplayPosition> sorted = new TreeMap<>(positions);
        boolean opaqueColumn;
        try {
            opaqueColumn = opaqueColumn(sorted);
        }
        catch (DataAccessException ex) {
            throw saveFailed(sorted, ex);
        }
        for (int attempt = 1;; attempt++) {
            try {
                this.transactionTemplate
                    .executeWithoutResult((status) -> saveInTransaction(sorted, opaqueColumn, status));
                return;
            }
            catch (TransientDataAccessException ex) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw saveFailed(sorted, ex);
                }
            }
            catch (DataAccessException | TransactionException ex) {
                throw saveFailed(sorted, ex);
            }
        }
    }

    /**
     * Whether the table has the column of opaque ids (or is missing, which the statements
     * then report). A table of an earlier release that must take an opaque id is looked
     * at again, in case it was migrated since.
     */
    private boolean opaqueColumn(Map<String, ReplayPosition> positions) {
        Inspection inspection = table(false);
        if (inspection.format() != Format.NUMBERS_ONLY) {
            return true;
        }
        Optional<String> opaque = positions.entrySet()
            .stream()
            .filter((entry) -> !entry.getValue().replayId().isNumeric())
            .map(Map.Entry::getKey)
            .findFirst();
        if (opaque.isEmpty()) {
            return false;
        }
        inspection = table(true);
        if (inspection.format() != Format.NUMBERS_ONLY) {
            return true;
        }
        throw new ReplayException("Could not save replay positions " + positions + " (consumer group '"
                + this.consumerGroup + "'): the replay id of " + opaque.get() + " is opaque bytes (Pub/Sub API), and "
                + "table " + TABLE_NAME + " has no column " + JdbcReplayStoreTable.OPAQUE_COLUMN + " to hold it: it "
                + "was created by an earlier release, for numeric replay ids only. None of these positions were "
                + "saved. Migrate the table, keeping its rows: run " + inspection.migrationScript() + " (Flyway, "
                + "Liquibase), or set salesforce.streaming.replay.jdbc.initialize-schema=always to have it migrated "
                + "on startup");
    }

    private Inspection table(boolean again) {
        Inspection known = this.table;
        if (known != null && !again) {
            return known;
        }
        Inspection inspection = this.jdbcTemplate
            .execute((ConnectionCallback<Inspection>) JdbcReplayStoreTable::inspect);
        if (inspection == null) {
            throw new IllegalStateException("No inspection of table " + TABLE_NAME);
        }
        if (inspection.format() == Format.NUMBERS_ONLY && (known == null || known.format() != Format.NUMBERS_ONLY)) {
            logger.info("Table {} was created by an earlier release and holds numeric replay ids (CometD) only: "
                    + "positions with opaque replay ids (Pub/Sub API) cannot be saved until it is migrated with {}, "
                    + "which salesforce.streaming.replay.jdbc.initialize-schema=always does on startup", TABLE_NAME,
                    inspection.migrationScript());
        }
        if (inspection.format() != Format.MISSING) {
            this.table = inspection;
        }
        return inspection;
    }

    /**
     * Replaces a channel's position whatever its order (after a replay fallback), in one
     * transaction, under the same write guard as {@link #save(Map)}.
     * @param channel the channel
     * @param position the new position
     * @throws ReplayException when it cannot be written
     */
    @Override
    public void replace(String channel, ReplayPosition position) {
        Map<String, ReplayPosition> one = Map.of(channel, position);
        try {
            boolean opaqueColumn = opaqueColumn(one);
            this.transactionTemplate.executeWithoutResult((status) -> {
                checkWriter(one);
                ReplayId replayId = position.replayId();
                Object id = replayId.isNumeric() ? (Object) replayId.longValue() : replayId.toByteArray();
                String replace = !replayId.isNumeric() ? REPLACE_BYTES
                        : opaqueColumn ? REPLACE_NUMBER : REPLACE_NUMBERS_ONLY;
                LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
                if (this.jdbcTemplate.update(replace, id, utc(position.eventTime()), now, this.consumerGroup,
                        channel) == 0) {
                    upsert(channel, position, opaqueColumn, now, status);
                }
            });
        }
        catch (DataAccessException | TransactionException ex) {
            throw saveFailed(one, ex);
        }
    }

    private void checkWriter(Map<String, ReplayPosition> positions) {
        if (!this.writeGuard.getAsBoolean()) {
            throw new ReplayException("Replay positions " + positions + " were not saved: this instance may no longer"
                    + " write the positions of consumer group '" + this.consumerGroup + "' (it is not the leader"
                    + " anymore). The leader resumes from the last saved positions, so these events may be processed"
                    + " again.");
        }
    }

    private void saveInTransaction(Map<String, ReplayPosition> positions, boolean opaqueColumn,
            TransactionStatus status) {
        checkWriter(positions);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        positions.forEach((channel, position) -> upsert(channel, position, opaqueColumn, now, status));
    }

    private void upsert(String channel, ReplayPosition position, boolean opaqueColumn, LocalDateTime now,
            TransactionStatus status) {
        ReplayId replayId = position.replayId();
        Object id = replayId.isNumeric() ? (Object) replayId.longValue() : replayId.toByteArray();
        String update = !replayId.isNumeric() ? UPDATE_BYTES : opaqueColumn ? UPDATE_NUMBER : UPDATE_NUMBERS_ONLY;
        String insert = replayId.isNumeric() ? INSERT_NUMBER : INSERT_BYTES;
        LocalDateTime eventTime = utc(position.eventTime());
        if (update(update, channel, id, eventTime, now)) {
            return;
        }
        // No row, or a row at or after this position. A savepoint keeps the transaction
        // usable when the insert
        // fails (PostgreSQL aborts the whole transaction on any error otherwise).
        Object savepoint = status.createSavepoint();
        try {
            this.jdbcTemplate.update(insert, this.consumerGroup, channel, id, eventTime, now);
            status.releaseSavepoint(savepoint);
        }
        catch (DuplicateKeyException ex) {
            // The row exists: it was there already, or another instance inserted it
            // concurrently.
            status.rollbackToSavepoint(savepoint);
            update(update, channel, id, eventTime, now);
        }
    }

    private boolean update(String update, String channel, Object id, @Nullable LocalDateTime eventTime,
            LocalDateTime now) {
        return this.jdbcTemplate.update(update, id, eventTime, now, this.consumerGroup, channel, id) > 0;
    }

    private ReplayException saveFailed(Map<String, ReplayPosition> positions, Exception ex) {
        this.table = null;
        String cause = (ex instanceof DataAccessException dataAccess) ? dataAccess.getMostSpecificCause().getMessage()
                : ex.getMessage();
        return new ReplayException("Could not save replay positions " + positions + " (consumer group '"
                + this.consumerGroup + "') to table " + TABLE_NAME + ": " + cause + ". " + WHAT_TO_DO, ex);
    }

    private ReplayPosition position(String channel, ResultSet resultSet, boolean opaqueColumn) throws SQLException {
        byte[] bytes = opaqueColumn ? resultSet.getBytes("REPLAY_ID_BYTES") : null;
        long number = resultSet.getLong("REPLAY_ID");
        boolean numeric = !resultSet.wasNull();
        LocalDateTime eventTime = resultSet.getObject("EVENT_TIME", LocalDateTime.class);
        Instant time = (eventTime != null) ? eventTime.toInstant(ZoneOffset.UTC) : null;
        if (bytes != null && bytes.length > 0 && !numeric) {
            return new ReplayPosition(ReplayId.ofBytes(bytes), time);
        }
        if (numeric && bytes == null) {
            return new ReplayPosition(number, time);
        }
        throw new ReplayException("The row of " + channel + " (consumer group '" + this.consumerGroup + "') in table "
                + TABLE_NAME + " holds " + (numeric ? "both a numeric and an opaque replay id" : "no replay id")
                + ": exactly one of REPLAY_ID and REPLAY_ID_BYTES must be set. Delete the row to start the channel "
                + "from its configured replay start");
    }

    private static @Nullable LocalDateTime utc(@Nullable Instant instant) {
        return (instant != null) ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
    }

    @Override
    public String toString() {
        return "JdbcReplayStore[table=" + TABLE_NAME + ", consumerGroup=" + this.consumerGroup + "]";
    }

}
