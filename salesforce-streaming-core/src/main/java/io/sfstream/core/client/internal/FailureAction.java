package io.sfstream.core.client.internal;

/**
 * What the client does about a failed Bayeux reply (PROTOCOL section 4).
 */
public enum FailureAction {

    /**
     * The token was refused: obtain a new one, handshake again and re-subscribe every
     * channel.
     */
    REAUTHENTICATE,

    /**
     * {@code 401::Request requires authentication}: re-authenticate once; if it happens
     * again, fail loudly.
     */
    REAUTHENTICATE_ONCE,

    /**
     * The Bayeux session is gone ({@code 403::Unknown client}): handshake again with the
     * same token.
     */
    REHANDSHAKE,

    /**
     * An org limit (concurrent clients, daily events): back off for long, keep trying,
     * report unhealthy.
     */
    LIMIT_BACK_OFF,

    /** Salesforce is too busy for this subscribe: retry it with back-off. */
    RETRY_SUBSCRIBE,

    /**
     * The subscribe's replay id is older than the retention window: apply the replay
     * fallback.
     */
    REPLAY_ID_INVALID,

    /**
     * This channel cannot be subscribed (does not exist, denied, bad name): report it,
     * keep the others.
     */
    CHANNEL_FAILED,

    /**
     * Network failure, HTTP error or timeout: back off, then handshake again and
     * re-subscribe.
     */
    TRANSPORT

}
