package io.sfstream.benchmarks.consumer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.sfstream.core.ReplayException;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.replay.ReplayStore;

/**
 * A JDBC replay store on an embedded H2 file database, committing each save in one
 * transaction: the cost of a durable database commit, for the benchmark (the project's
 * own JDBC store lives in the starter).
 */
final class H2ReplayStore implements ReplayStore {

    private final Connection connection;

    H2ReplayStore(String url) {
        try {
            this.connection = DriverManager.getConnection(url, "sa", "");
            try (Statement statement = this.connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS replay_position (channel VARCHAR(255) PRIMARY KEY, "
                        + "replay_id BIGINT NOT NULL, event_time TIMESTAMP WITH TIME ZONE)");
            }
            this.connection.setAutoCommit(false);
        }
        catch (SQLException ex) {
            throw new ReplayException("Could not open " + url, ex);
        }
    }

    @Override
    public synchronized Optional<ReplayPosition> load(String channel) {
        try (PreparedStatement select = this.connection
            .prepareStatement("SELECT replay_id, event_time FROM replay_position WHERE channel = ?")) {
            select.setString(1, channel);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Timestamp time = rows.getTimestamp(2);
                return Optional.of(new ReplayPosition(rows.getLong(1), (time != null) ? time.toInstant() : null));
            }
        }
        catch (SQLException ex) {
            throw new ReplayException("Could not read the position of " + channel, ex);
        }
    }

    @Override
    public synchronized void save(Map<String, ReplayPosition> positions) {
        try (PreparedStatement merge = this.connection.prepareStatement(
                "MERGE INTO replay_position AS t USING (VALUES (CAST(? AS VARCHAR(255)), CAST(? AS BIGINT), "
                        + "CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s(channel, replay_id, event_time) "
                        + "ON t.channel = s.channel "
                        + "WHEN MATCHED AND s.replay_id > t.replay_id THEN UPDATE SET replay_id = s.replay_id, "
                        + "event_time = s.event_time "
                        + "WHEN NOT MATCHED THEN INSERT VALUES (s.channel, s.replay_id, s.event_time)")) {
            for (Map.Entry<String, ReplayPosition> entry : positions.entrySet()) {
                Instant time = entry.getValue().eventTime();
                merge.setString(1, entry.getKey());
                merge.setLong(2, entry.getValue().replayId().longValue());
                merge.setTimestamp(3, (time != null) ? Timestamp.from(time) : null);
                merge.addBatch();
            }
            merge.executeBatch();
            this.connection.commit();
        }
        catch (SQLException ex) {
            throw new ReplayException("Could not save replay positions", ex);
        }
    }

    @Override
    public synchronized void close() {
        try {
            this.connection.close();
        }
        catch (SQLException ex) {
            // closing anyway
        }
    }

}
