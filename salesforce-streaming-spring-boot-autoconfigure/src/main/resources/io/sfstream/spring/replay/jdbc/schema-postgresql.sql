-- Replay positions of the Salesforce streaming client: one row per consumer group and channel.
-- The replay id is either a number (CometD Streaming API) in REPLAY_ID or opaque bytes (Pub/Sub API) in
-- REPLAY_ID_BYTES, never both. EVENT_TIME and UPDATED_AT are UTC.
-- Tables created by earlier releases lack REPLAY_ID_BYTES: see migrate-opaque-replay-ids-postgresql.sql.
CREATE TABLE IF NOT EXISTS SFSTREAM_REPLAY_POSITION (
    CONSUMER_GROUP VARCHAR(100) NOT NULL,
    CHANNEL VARCHAR(255) NOT NULL,
    REPLAY_ID BIGINT,
    REPLAY_ID_BYTES BYTEA,
    EVENT_TIME TIMESTAMP,
    UPDATED_AT TIMESTAMP NOT NULL,
    CONSTRAINT SFSTREAM_REPLAY_POSITION_PK PRIMARY KEY (CONSUMER_GROUP, CHANNEL),
    CONSTRAINT SFSTREAM_REPLAY_POSITION_ID_CK CHECK ((REPLAY_ID IS NULL AND REPLAY_ID_BYTES IS NOT NULL)
        OR (REPLAY_ID IS NOT NULL AND REPLAY_ID_BYTES IS NULL))
);
