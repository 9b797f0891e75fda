-- Leader lock of the Salesforce streaming client: Spring Integration's JdbcLockRegistry table (INT_LOCK),
-- the same as in spring-integration-jdbc's org/springframework/integration/jdbc/schema-*.sql. Times are UTC.
CREATE TABLE IF NOT EXISTS INT_LOCK (
    LOCK_KEY CHAR(36) NOT NULL,
    REGION VARCHAR(100) NOT NULL,
    CLIENT_ID CHAR(36),
    CREATED_DATE TIMESTAMP NOT NULL,
    EXPIRED_AFTER TIMESTAMP NOT NULL,
    CONSTRAINT INT_LOCK_PK PRIMARY KEY (LOCK_KEY, REGION)
);
