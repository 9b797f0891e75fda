package io.sfstream.emulator;

/**
 * How the server ends a Bayeux session on its own with a {@code /meta/disconnect} message
 * (Salesforce API 64.0 and later), sent in the response to the session's pending
 * {@code /meta/connect}. See {@link Faults#disconnectSession(String, ServerDisconnect)}.
 */
public enum ServerDisconnect {

    /**
     * The response holds the {@code /meta/disconnect} message, then the
     * {@code /meta/connect} reply (successful, advice {@code {"reconnect":"none"}}):
     * {@code [{"channel":"/meta/disconnect","clientId":"...","successful":true},
     * {"channel":"/meta/connect","clientId":"...","id":"7","successful":true,"advice":{"reconnect":"none"}}]}.
     */
    WITH_CONNECT_REPLY,

    /**
     * The response holds only the {@code /meta/disconnect} message:
     * {@code [{"channel":"/meta/disconnect","clientId":"...","successful":true}]}; the
     * {@code /meta/connect} is never answered.
     */
    ALONE

}
