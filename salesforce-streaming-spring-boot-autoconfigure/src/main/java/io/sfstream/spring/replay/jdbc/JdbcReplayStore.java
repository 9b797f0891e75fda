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
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.replay.ReplayStore;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A {@link ReplayStore} in a relational database table: one row per consumer group and channel, holding the replay id,
 * the event time and when the row was last updated (both UTC). Several applications, or several instances of one,
 * share a database: each consumer group has its own positions.
 *
 * <p>{@link #save(Map)} writes a batch in one transaction with a portable forward-only upsert: an {@code UPDATE}
 * guarded by {@code REPLAY_ID < ?}, and an {@code INSERT} when the channel has no row yet (a concurrent insert of the
 * same row is detected as a duplicate key and the update is tried again). A position never moves backwards, whichever
 * instance writes it and in whatever order. Works on PostgreSQL, MySQL, MariaDB and H2; the table's DDL is in
 * {@code classpath:io/sfstream/spring/replay/jdbc/schema-<platform>.sql}.
 *
 * <p>An optional write guard is checked in every save: when it answers {@code false} (for example because this
 * instance is no longer the leader of its consumer group) the save is refused with a {@link ReplayException}.
 *
 * <p>Thread-safe.
 */
public final class JdbcReplayStore implements ReplayStore {

    /** The table holding replay positions. */
    public static final String TABLE_NAME = "SFSTREAM_REPLAY_POSITION";

    private static final int MAX_ATTEMPTS = 3;

    private static final String SELECT = "SELECT REPLAY_ID, EVENT_TIME FROM " + TABLE_NAME
            + " WHERE CONSUMER_GROUP = ? AND CHANNEL = ?";

    private static final String UPDATE = "UPDATE " + TABLE_NAME
            + " SET REPLAY_ID = ?, EVENT_TIME = ?, UPDATED_AT = ? WHERE CONSUMER_GROUP = ? AND CHANNEL = ?"
            + " AND REPLAY_ID < ?";

    private static final String INSERT = "INSERT INTO " + TABLE_NAME
            + " (CONSUMER_GROUP, CHANNEL, REPLAY_ID, EVENT_TIME, UPDATED_AT) VALUES (?, ?, ?, ?, ?)";

    private static final String WHAT_TO_DO = "Check that the database is reachable and that the table exists: set "
            + "salesforce.streaming.replay.jdbc.initialize-schema=always, or create it with "
            + "classpath:io/sfstream/spring/replay/jdbc/schema-<platform>.sql (Flyway, Liquibase)";

    private final JdbcTemplate jdbcTemplate;

    private final TransactionTemplate transactionTemplate;

    private final String consumerGroup;

    private final BooleanSupplier writeGuard;

    /**
     * Creates a store that always writes.
     *
     * @param dataSource the database
     * @param consumerGroup whose positions this store reads and writes, 1 to 100 characters
     */
    public JdbcReplayStore(DataSource dataSource, String consumerGroup) {
        this(dataSource, consumerGroup, () -> true);
    }

    /**
     * Creates a store that writes only while the guard allows it.
     *
     * @param dataSource the database
     * @param consumerGroup whose positions this store reads and writes, 1 to 100 characters
     * @param writeGuard asked in every save whether this instance may still write positions
     */
    public JdbcReplayStore(DataSource dataSource, String consumerGroup, BooleanSupplier writeGuard) {
        if (consumerGroup.isBlank() || consumerGroup.length() > 100) {
            throw new IllegalArgumentException("The consumer group must have 1 to 100 characters: '" + consumerGroup
                    + "'");
        }
        this.jdbcTemplate = new JdbcTemplate(dataSource);
        this.transactionTemplate = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.transactionTemplate.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.consumerGroup = consumerGroup;
        this.writeGuard = writeGuard;
    }

    /**
     * Returns the consumer group whose positions this store holds.
     *
     * @return the consumer group
     */
    public String getConsumerGroup() {
        return this.consumerGroup;
    }

    @Override
    public Optional<ReplayPosition> load(String channel) {
        try {
            List<ReplayPosition> positions = this.jdbcTemplate.query(SELECT, JdbcReplayStore::position,
                    this.consumerGroup, channel);
            return positions.stream().findFirst();
        }
        catch (DataAccessException ex) {
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
        // Sorted, so that concurrent batches lock rows in the same order and cannot deadlock each other.
        Map<String, ReplayPosition> sorted = new TreeMap<>(positions);
        for (int attempt = 1;; attempt++) {
            try {
                this.transactionTemplate.executeWithoutResult((status) -> saveInTransaction(sorted, status));
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

    private void saveInTransaction(Map<String, ReplayPosition> positions, TransactionStatus status) {
        if (!this.writeGuard.getAsBoolean()) {
            throw new ReplayException("Replay positions " + positions + " were not saved: this instance may no longer"
                    + " write the positions of consumer group '" + this.consumerGroup + "' (it is not the leader"
                    + " anymore). The leader resumes from the last saved positions, so these events may be processed"
                    + " again.");
        }
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        positions.forEach((channel, position) -> upsert(channel, position, now, status));
    }

    private void upsert(String channel, ReplayPosition position, LocalDateTime now, TransactionStatus status) {
        LocalDateTime eventTime = utc(position.eventTime());
        if (update(channel, position, eventTime, now)) {
            return;
        }
        // No row, or a row at or after this position. A savepoint keeps the transaction usable when the insert
        // fails (PostgreSQL aborts the whole transaction on any error otherwise).
        Object savepoint = status.createSavepoint();
        try {
            this.jdbcTemplate.update(INSERT, this.consumerGroup, channel, number(channel, position), eventTime, now);
            status.releaseSavepoint(savepoint);
        }
        catch (DuplicateKeyException ex) {
            // The row exists: it was there already, or another instance inserted it concurrently.
            status.rollbackToSavepoint(savepoint);
            update(channel, position, eventTime, now);
        }
    }

    private boolean update(String channel, ReplayPosition position, @Nullable LocalDateTime eventTime,
            LocalDateTime now) {
        long replayId = number(channel, position);
        return this.jdbcTemplate.update(UPDATE, replayId, eventTime, now, this.consumerGroup, channel, replayId) > 0;
    }

    private static long number(String channel, ReplayPosition position) {
        if (!position.replayId().isNumeric()) {
            throw new ReplayException("The replay id of " + channel + " is opaque bytes (Pub/Sub API), which this "
                    + "table cannot hold yet");
        }
        return position.replayId().longValue();
    }

    private ReplayException saveFailed(Map<String, ReplayPosition> positions, Exception ex) {
        String cause = (ex instanceof DataAccessException dataAccess) ? dataAccess.getMostSpecificCause().getMessage()
                : ex.getMessage();
        return new ReplayException("Could not save replay positions " + positions + " (consumer group '"
                + this.consumerGroup + "') to table " + TABLE_NAME + ": " + cause + ". " + WHAT_TO_DO, ex);
    }

    private static ReplayPosition position(ResultSet resultSet, int row) throws SQLException {
        LocalDateTime eventTime = resultSet.getObject("EVENT_TIME", LocalDateTime.class);
        return new ReplayPosition(resultSet.getLong("REPLAY_ID"),
                (eventTime != null) ? eventTime.toInstant(ZoneOffset.UTC) : null);
    }

    private static @Nullable LocalDateTime utc(@Nullable Instant instant) {
        return (instant != null) ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
    }

    @Override
    public String toString() {
        return "JdbcReplayStore[table=" + TABLE_NAME + ", consumerGroup=" + this.consumerGroup + "]";
    }
}
