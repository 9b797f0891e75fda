package io.sfstream.emulator;

import io.sfstream.emulator.org.AccessTokens;
import io.sfstream.emulator.org.FaultState;
import io.sfstream.emulator.server.EmulatorHttpServer;
import java.time.Duration;

/**
 * Injects the failures a Streaming API client must survive. Each method is one call; {@link #reset()}
 * clears every armed fault (revoked tokens stay revoked, expired sessions stay expired).
 *
 * <p>Thread-safe.
 */
public final class Faults {

    private final FaultState state;
    private final AccessTokens tokens;
    private final EmulatorHttpServer server;

    Faults(FaultState state, AccessTokens tokens, EmulatorHttpServer server) {
        this.state = state;
        this.tokens = tokens;
        this.server = server;
    }

    /**
     * Revokes every issued access token. The next Bayeux request gets {@code 401::Authentication invalid}
     * (advice {@code reconnect: none}); the next handshake gets {@code 403::Handshake denied} with
     * {@code ext.sfdc.failureReason} {@code 401::Authentication invalid}. Tokens issued afterwards work.
     */
    public void revokeAllTokens() {
        tokens.revokeAll();
    }

    /**
     * Ends every Bayeux session, as when the server drops idle or overloaded sessions: a held
     * {@code /meta/connect} returns at once, and each session's next request gets
     * {@code 403::Unknown client} with advice {@code reconnect: handshake}. Tokens stay valid.
     */
    public void expireAllSessions() {
        server.expireAllSessions();
    }

    /**
     * Cuts off the next {@code /meta/connect} response that carries events: part of the body is
     * written, then the TCP connection is closed, so the client sees a network failure. The events
     * stay stored and can be replayed.
     */
    public void dropNextConnectResponse() {
        state.armDropNextConnectResponse();
    }

    /**
     * Delays every HTTP request (token endpoint, REST and Bayeux) before it is handled.
     *
     * @param delay how long; {@link Duration#ZERO} stops delaying
     */
    public void delayResponses(Duration delay) {
        state.setResponseDelay(delay);
    }

    /**
     * Makes the next {@code count} subscribes fail with {@code 403:denied_by_security_policy:subscribe_denied}
     * and {@code ext.sfdc.failureReason} {@code 503::Server is too busy. Please try your request again later.}
     *
     * @param count how many subscribes fail
     */
    public void failNextSubscribes(int count) {
        state.setFailingSubscribes(count);
    }

    /**
     * Limits the live Bayeux sessions: a handshake beyond {@code max} gets {@code 403::Handshake denied}
     * with {@code ext.sfdc.failureReason} {@code 403::Organization concurrent user limit exceeded}.
     *
     * @param max how many sessions may be live at once
     */
    public void concurrentClientLimit(int max) {
        state.setConcurrentClientLimit(max);
    }

    /**
     * Sets whether the org's daily event delivery allocation is used up: while it is, connects and
     * subscribes get {@code 403::Organization total events daily limit exceeded}.
     *
     * @param exceeded whether the limit is exceeded
     */
    public void dailyLimitExceeded(boolean exceeded) {
        state.setDailyLimitExceeded(exceeded);
    }

    /**
     * Makes the token endpoint answer the next {@code count} requests with HTTP 503 (an HTML page, as
     * during Salesforce maintenance).
     *
     * @param count how many token requests fail
     */
    public void failNextTokenRequests(int count) {
        state.setFailingTokenRequests(count);
    }

    /** Clears every armed fault: no delay, no pending failures, no limits. */
    public void reset() {
        state.reset();
    }
}
