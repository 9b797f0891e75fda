package io.sfstream.emulator;

import java.time.Duration;
import java.util.Objects;

import io.sfstream.emulator.internal.org.AccessTokens;
import io.sfstream.emulator.internal.org.FaultState;
import io.sfstream.emulator.internal.pubsub.PubSubServer;
import io.sfstream.emulator.internal.server.EmulatorHttpServer;

/**
 * Injects the failures a Streaming API client must survive. Each method is one call;
 * {@link #reset()} clears every armed fault (revoked tokens stay revoked, ended sessions
 * stay ended).
 *
 * <p>
 * Faults armed for a period ({@link #frontProxyErrors}, {@link #multipleClients},
 * {@link #dailyLimitExceeded(Duration)}) end by themselves after it, on the real clock
 * (not on the {@link EmulatorClock}). Every fault can also be set over HTTP through the
 * control endpoint {@code POST /emulator/faults/{name}} (see the README).
 *
 * <p>
 * Thread-safe.
 */
public final class Faults {

    private final FaultState state;

    private final AccessTokens tokens;

    private final EmulatorHttpServer server;

    private final PubSubServer pubSub;

    Faults(FaultState state, AccessTokens tokens, EmulatorHttpServer server, PubSubServer pubSub) {
        this.state = state;
        this.tokens = tokens;
        this.server = server;
        this.pubSub = pubSub;
    }

    /**
     * Revokes every issued access token. A {@code /meta/connect} held at that moment
     * returns at once with {@code 401::Authentication invalid} (advice
     * {@code reconnect: none}) and no event is delivered to its session any more; the
     * next Bayeux request gets {@code 401::Authentication invalid} (advice
     * {@code reconnect: none}); the next handshake gets {@code 403::Handshake denied}
     * with {@code ext.sfdc.failureReason} {@code 401::Authentication invalid}. Tokens
     * issued afterwards work (a session that used a revoked token stays ended:
     * {@code 403::Unknown client}). Pub/Sub API streams end with {@code UNAUTHENTICATED}
     * ({@code error-code} {@code sfdc.platform.eventbus.grpc.service.auth.error}), and so
     * does every call with a revoked token.
     */
    public void revokeAllTokens() {
        this.tokens.revokeAll();
        this.server.endSessionsOfRevokedTokens();
        this.pubSub.endStreamsOfRevokedTokens();
    }

    /**
     * Pub/Sub API: revokes every issued access token and ends every open
     * {@code Subscribe} stream at once with {@code UNAUTHENTICATED} and
     * {@code error-code} {@code sfdc.platform.eventbus.grpc.service.auth.error}: the
     * client must get a new token and subscribe again from its stored position. (Bayeux
     * sessions see {@link #revokeAllTokens()}.)
     */
    public void pubSubAuthError() {
        this.tokens.revokeAll();
        this.server.endSessionsOfRevokedTokens();
        this.pubSub.authError();
    }

    /**
     * Pub/Sub API: the next {@code Subscribe} that starts from a replay id
     * ({@code CUSTOM}) fails with {@code INVALID_ARGUMENT}, {@code error-code}
     * {@code sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted} ("Replay
     * ID validation failed."), as for an expired or foreign id. Each call arms one more.
     */
    public void pubSubCorruptReplayIdNext() {
        this.pubSub.corruptNextReplayId();
    }

    /**
     * Pub/Sub API: for a period, open {@code Subscribe} streams end with
     * {@code UNAVAILABLE} ({@code error-code}
     * {@code sfdc.platform.eventbus.grpc.service.unavailable}) and every call fails the
     * same way; it ends by itself (real clock).
     * @param period how long
     * @throws IllegalArgumentException when the period is not positive
     */
    public void pubSubUnavailable(Duration period) {
        this.pubSub.unavailable(Objects.requireNonNull(period, "period"));
    }

    /**
     * Pub/Sub API: for a period, open streams end with {@code RESOURCE_EXHAUSTED}
     * ({@code error-code}
     * {@code sfdc.platform.eventbus.grpc.subscription.limit.exceeded}, the daily delivery
     * allocation) and every call fails the same way; events published meanwhile stay
     * replayable; it ends by itself (real clock).
     * @param period how long
     * @throws IllegalArgumentException when the period is not positive
     */
    public void pubSubLimitExceeded(Duration period) {
        this.pubSub.limitExceeded(Objects.requireNonNull(period, "period"));
    }

    /**
     * Pub/Sub API: resets every open {@code Subscribe} stream: it ends with
     * {@code UNAVAILABLE} and no {@code error-code} trailer, as an HTTP/2
     * {@code RST_STREAM} or a network failure. New streams work.
     */
    public void pubSubResetStreams() {
        this.pubSub.resetStreams();
    }

    /**
     * Pub/Sub API: every open {@code Subscribe} stream goes silent without an error: no
     * event and no keepalive any more, and never closed for idleness, as keepalives have
     * been seen to stop in production; only a client's own watchdog notices. Streams
     * opened afterwards are served normally. {@link #reset()} does not revive the
     * silenced streams.
     */
    public void pubSubStopKeepalives() {
        this.pubSub.stopKeepalives();
    }

    /**
     * Pub/Sub API: the user loses the permission to subscribe to a topic: its open
     * streams end with {@code PERMISSION_DENIED}, and so do its subscribes, until
     * {@link #reset()}.
     * @param topic the topic, e.g. {@code /event/Order__e}
     */
    public void pubSubDenyTopic(String topic) {
        this.pubSub.denyTopic(Objects.requireNonNull(topic, "topic"));
    }

    /**
     * Ends every Bayeux session, as when the server drops idle or overloaded sessions: a
     * held {@code /meta/connect} returns at once, and each session's next request gets
     * {@code 403::Unknown client} with advice {@code reconnect: handshake}. Tokens stay
     * valid.
     */
    public void expireAllSessions() {
        this.server.expireAllSessions();
    }

    /**
     * Ends one Bayeux session the way Salesforce does on its own since API 64.0: the
     * server sends a {@code /meta/disconnect} message in the response to the session's
     * held {@code /meta/connect} (or to its next one when none is held). With
     * {@link ServerDisconnect#WITH_CONNECT_REPLY} the response is
     * {@code [{"channel":"/meta/disconnect","clientId":"...","successful":true},
     * {"channel":"/meta/connect","clientId":"...","id":"...","successful":true,"advice":{"reconnect":"none"}}]};
     * with {@link ServerDisconnect#ALONE} it is
     * {@code [{"channel":"/meta/disconnect","clientId":"...","successful":true}]}. Events
     * queued before the disconnect come first in that response; events published
     * afterwards are not delivered to the session (they stay stored and replayable).
     * Afterwards the session is gone: its next request gets {@code 403::Unknown client}
     * with advice {@code reconnect: handshake}. Tokens stay valid.
     * @param clientId the session's client id
     * @param shape whether the {@code /meta/connect} reply goes with the
     * {@code /meta/disconnect}
     * @throws IllegalArgumentException when no live session has that client id
     */
    public void disconnectSession(String clientId, ServerDisconnect shape) {
        this.server.disconnect(Objects.requireNonNull(clientId, "clientId"), Objects.requireNonNull(shape, "shape"));
    }

    /**
     * Ends every live Bayeux session with a server-initiated {@code /meta/disconnect}, as
     * {@link #disconnectSession(String, ServerDisconnect)} does for one.
     * @param shape whether the {@code /meta/connect} reply goes with the
     * {@code /meta/disconnect}
     */
    public void disconnectAllSessions(ServerDisconnect shape) {
        this.server.disconnectAll(Objects.requireNonNull(shape, "shape"));
    }

    /**
     * Makes the next response of each live Bayeux session set a new value of its
     * {@code sfdc-stream} cookie ({@code Path=/cometd/}), as Salesforce's load balancer
     * may mid-session. Every response of a session sets the cookie; once the new value is
     * sent, a request of the session carrying the old value (or none) lands on another
     * server of the pool: it gets {@code 403::Unknown client} with advice
     * {@code reconnect: handshake} and the session is gone. Sessions created afterwards
     * get fresh values anyway.
     */
    public void rotateStickyCookie() {
        this.server.rotateStickyCookies();
    }

    /**
     * Swallows the next Bayeux request of a kind: it is accepted (the TCP connection
     * stays open) and never answered nor closed, as when a NAT gateway or proxy loses it.
     * It never reaches the server: a swallowed handshake creates no session, a swallowed
     * subscribe subscribes nothing, a swallowed connect leaves the session to expire
     * after the reconnect window. Events keep being published and stored, so a client
     * that gives up and handshakes again gets them by replay. Each call swallows one more
     * request; {@link #reset()} and {@link SalesforceEmulator#stop()} close the
     * connections of swallowed requests.
     * @param request the kind of request to swallow
     */
    public void blackHoleNext(BlackHole request) {
        this.state.armBlackHole(Objects.requireNonNull(request, "request"));
    }

    /**
     * Makes a front proxy answer every request to {@code /cometd/...} for a period,
     * before it reaches the Bayeux server, with an HTTP error and an HTML page
     * ({@code Content-Type: text/html}), such as nginx's {@code 502 Bad Gateway} page.
     * The token and REST endpoints are not affected.
     * @param httpStatus 502, 503 or 504
     * @param period how long
     * @throws IllegalArgumentException for another status or a period that is not
     * positive
     */
    public void frontProxyErrors(int httpStatus, Duration period) {
        this.state.setFrontProxyErrors(httpStatus, Objects.requireNonNull(period, "period"));
    }

    /**
     * For a period, answers every {@code /meta/connect} at once (instead of holding it)
     * with a successful reply advising
     * {@code {"multiple-clients":true,"reconnect":"retry","interval":N}}, as Salesforce
     * does when a second long poll of the same browser arrives while one is held. Without
     * this fault the emulator does it too, for real: a second concurrent long poll from
     * the same {@code BAYEUX_BROWSER} cookie gets that advice with the builder's
     * {@code multiSessionInterval} (2 s by default).
     * @param interval the advised {@code interval} N, sent in milliseconds
     * @param period how long
     * @throws IllegalArgumentException when the interval is negative or the period not
     * positive
     */
    public void multipleClients(Duration interval, Duration period) {
        this.state.setMultipleClients(Objects.requireNonNull(interval, "interval"),
                Objects.requireNonNull(period, "period"));
    }

    /**
     * Cuts off the next {@code /meta/connect} response that carries events: part of the
     * body is written, then the TCP connection is closed, so the client sees a network
     * failure. The events stay stored and can be replayed.
     */
    public void dropNextConnectResponse() {
        this.state.armDropNextConnectResponse();
    }

    /**
     * Delays every HTTP request (token endpoint, REST and Bayeux) before it is handled.
     * @param delay how long; {@link Duration#ZERO} stops delaying
     */
    public void delayResponses(Duration delay) {
        this.state.setResponseDelay(delay);
    }

    /**
     * Makes the next {@code count} subscribes fail with
     * {@code 403:denied_by_security_policy:subscribe_denied} and
     * {@code ext.sfdc.failureReason}
     * {@code 503::Server is too busy. Please try your request again later.}
     * @param count how many subscribes fail
     */
    public void failNextSubscribes(int count) {
        this.state.setFailingSubscribes(count);
    }

    /**
     * Limits the live Bayeux sessions: a handshake beyond {@code max} gets
     * {@code 403::Handshake denied} with {@code ext.sfdc.failureReason}
     * {@code 403::Organization concurrent user limit exceeded}.
     * @param max how many sessions may be live at once
     */
    public void concurrentClientLimit(int max) {
        this.state.setConcurrentClientLimit(max);
    }

    /**
     * Sets whether the org's daily event delivery allocation is used up, until told
     * otherwise: while it is, handshakes, connects and subscribes get
     * {@code 403::Organization total events daily limit exceeded} (handshakes and
     * connects with advice {@code reconnect: none}). Events published meanwhile stay
     * stored and replayable.
     * @param exceeded whether the limit is exceeded
     */
    public void dailyLimitExceeded(boolean exceeded) {
        this.state.setDailyLimitExceeded(exceeded);
    }

    /**
     * Makes the org's daily event delivery allocation used up for a period, as
     * {@link #dailyLimitExceeded(boolean) dailyLimitExceeded(true)} does, then ends it by
     * itself.
     * @param period how long
     * @throws IllegalArgumentException when the period is not positive
     */
    public void dailyLimitExceeded(Duration period) {
        this.state.setDailyLimitExceeded(Objects.requireNonNull(period, "period"));
    }

    /**
     * Makes the token endpoint answer the next {@code count} requests with HTTP 503 (an
     * HTML page, as during Salesforce maintenance).
     * @param count how many token requests fail
     */
    public void failNextTokenRequests(int count) {
        this.state.setFailingTokenRequests(count);
    }

    /**
     * Clears every armed fault: no delay, no pending failures, no limits, no front proxy
     * errors, no multiple-clients advice, no swallowed request to come; server
     * disconnects and cookie rotations not yet sent are cancelled; the connections of
     * swallowed requests still hanging are closed; Pub/Sub periods, denied topics and
     * armed corrupted replay ids are cleared.
     */
    public void reset() {
        this.state.reset();
        this.pubSub.resetFaults();
        this.server.resetSessionFaults();
    }

}
