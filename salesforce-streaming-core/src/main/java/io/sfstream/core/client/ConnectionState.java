package io.sfstream.core.client;

/**
 * The state of a {@link StreamingClient}'s Bayeux session.
 */
public enum ConnectionState {

    /** Not opened yet, or closed. */
    CLOSED,

    /**
     * Opening: authenticating, handshaking and sending the first {@code /meta/connect}.
     */
    CONNECTING,

    /** Connected: {@code /meta/connect} long-polls are flowing. */
    CONNECTED,

    /**
     * The connection was lost or the session dropped; the client is re-establishing it in
     * the background.
     */
    RECONNECTING

}
