package io.sfstream.emulator;

import java.time.Duration;

/**
 * The documented defaults of an emulated org started with nothing configured:
 * {@code SalesforceEmulator.builder().start()}.
 *
 * <p>
 * These credentials only exist inside the emulator; they are safe to print in demos.
 */
public final class EmulatorDefaults {

    /** Username of the demo user. */
    public static final String USERNAME = "user@example.com";

    /** Password of the demo user. */
    public static final String PASSWORD = "password";

    /**
     * Security token of the demo user, appended to the password in the username-password
     * flow.
     */
    public static final String SECURITY_TOKEN = "SECURITYTOKEN";

    /** Consumer key of the demo connected app. */
    public static final String CONSUMER_KEY = "test-consumer-key";

    /** Consumer secret of the demo connected app. */
    public static final String CONSUMER_SECRET = "test-consumer-secret";

    /** Streaming API version used by the examples. */
    public static final String API_VERSION = "64.0";

    /** Oldest API version the Bayeux endpoint accepts (durable replay needs 37.0). */
    public static final double MINIMUM_API_VERSION = 37.0;

    /**
     * How long the server holds a {@code /meta/connect} without events, as Salesforce
     * does.
     */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(110);

    /**
     * How long the server waits for the next {@code /meta/connect} before dropping the
     * session.
     */
    public static final Duration RECONNECT_WINDOW = Duration.ofSeconds(40);

    /**
     * The {@code interval} advised with {@code multiple-clients} when a second long poll
     * of one browser arrives while one is held.
     */
    public static final Duration MULTI_SESSION_INTERVAL = Duration.ofSeconds(2);

    /**
     * How long a Pub/Sub {@code Subscribe} stream that is owed events stays silent before
     * the server sends a keepalive (an empty {@code FetchResponse} with
     * {@code latest_replay_id}); Salesforce documents "within 270 s", and is often seen
     * near 60 s.
     */
    public static final Duration PUBSUB_KEEPALIVE_PERIOD = Duration.ofSeconds(60);

    /**
     * How long a Pub/Sub {@code Subscribe} stream may owe nothing (no
     * {@code num_requested} outstanding) before the server closes it.
     */
    public static final Duration PUBSUB_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** Largest request body the Bayeux endpoint accepts, in bytes. */
    public static final int MAX_REQUEST_BYTES = 32_768;

    private EmulatorDefaults() {
    }

}
