-- Replay positions of the Salesforce streaming client: one row per consumer group and channel (MySQL, MariaDB).
-- The replay id is either a number (CometD Streaming API) in REPLAY_ID or opaque bytes (Pub/Sub API) in
-- REPLAY_ID_BYTES, never both (the CHECK constraint is enforced by MySQL 8.0.16 and later, and MariaDB).
-- EVENT_TIME and UPDATED_AT are UTC.
-- Tables created by earlier releases lack REPLAY_ID_BYTES: see migrate-opaque-replay-ids-mysql.sql.
CREATE TABLE IF NOT EXISTS SFSTREAM_REPLAY_POSITION (
    CONSUMER_GROUP VARCHAR(100) NOT NULL,
    CHANNEL VARCHAR(255) NOT NULL,
    REPLAY_ID BIGINT NULL,
    REPLAY_ID_BYTES VARBINARY(255) NULL,
    EVENT_TIME DATETIME(6),
    UPDATED_AT DATETIME(6) NOT NULL,
    CONSTRAINT SFSTREAM_REPLAY_POSITION_PK PRIMARY KEY (CONSUMER_GROUP, CHANNEL),
    CONSTRAINT SFSTREAM_REPLAY_POSITION_ID_CK CHECK ((REPLAY_ID IS NULL AND REPLAY_ID_BYTES IS NOT NULL)
        OR (REPLAY_ID IS NOT NULL AND REPLAY_ID_BYTES IS NULL))
) ENGINE=InnoDB;
