-- Migrates a SFSTREAM_REPLAY_POSITION table created by an earlier release (REPLAY_ID BIGINT NOT NULL, no
-- REPLAY_ID_BYTES) so that it can also hold opaque replay ids (Pub/Sub API). Existing rows are kept as they are.
-- Run it once (Flyway, Liquibase); salesforce.streaming.replay.jdbc.initialize-schema runs it when it applies.
-- One statement, so that the table is migrated entirely or not at all.
ALTER TABLE SFSTREAM_REPLAY_POSITION
    ADD COLUMN REPLAY_ID_BYTES BYTEA,
    ALTER COLUMN REPLAY_ID DROP NOT NULL,
    ADD CONSTRAINT SFSTREAM_REPLAY_POSITION_ID_CK
        CHECK ((REPLAY_ID IS NULL AND REPLAY_ID_BYTES IS NOT NULL) OR (REPLAY_ID IS NOT NULL AND REPLAY_ID_BYTES IS NULL));
