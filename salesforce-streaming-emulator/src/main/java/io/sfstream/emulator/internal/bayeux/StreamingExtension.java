package io.sfstream.emulator.internal.bayeux;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;

import io.sfstream.emulator.EmulatorClock;
import io.sfstream.emulator.EmulatorDefaults;
import io.sfstream.emulator.HandshakeObservation;
import io.sfstream.emulator.ServerDisconnect;
import io.sfstream.emulator.SubscribeObservation;
import io.sfstream.emulator.internal.events.ChannelCatalog;
import io.sfstream.emulator.internal.events.ChannelKind;
import io.sfstream.emulator.internal.org.AccessTokens;
import io.sfstream.emulator.internal.org.FaultState;
import io.sfstream.emulator.internal.org.ObservationLog;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.ChannelId;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxContext;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.ServerSessionImpl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the CometD server answer like Salesforce's Streaming API: checks the access
 * token, the {@code BAYEUX_BROWSER} and {@code sfdc-stream} cookies, the API version and
 * the connection type of every message; applies the armed faults; runs the replay
 * extension on subscribes; ends sessions on its own (server-initiated
 * {@code /meta/disconnect}, revoked tokens); and rewrites CometD's own errors into
 * Salesforce's wording.
 *
 * <p>
 * Thread-safe.
 */
public final class StreamingExtension
        implements BayeuxServer.Extension, BayeuxServer.SessionListener, ServerSession.DeQueueListener {

    /**
     * Session attribute the transport sets when it answers a {@code /meta/connect} at
     * once with the multiple-clients advice because of the fault: the {@code interval} to
     * advise, in milliseconds.
     */
    static final String MULTIPLE_CLIENTS_INTERVAL = "io.sfstream.emulator.multipleClientsInterval";

    /** Session attribute holding the session's {@link StickyCookie}. */
    static final String STICKY_COOKIE = "io.sfstream.emulator.stickyCookie";

    /**
     * Session attribute set once the {@code /meta/disconnect} of a server disconnect is
     * taken from the session's queue: the transport removes the session before writing
     * that response.
     */
    static final String DISCONNECTING = "io.sfstream.emulator.disconnecting";

    private static final Logger logger = LoggerFactory.getLogger(StreamingExtension.class);

    private static final String LONG_POLLING = "long-polling";

    private static final String REPLAY_ATTRIBUTE = "io.sfstream.emulator.replay";

    private static final String TOKEN_ATTRIBUTE = "io.sfstream.emulator.accessToken";

    private static final String SERVER_DISCONNECT = "io.sfstream.emulator.serverDisconnect";

    private final BayeuxServer bayeux;

    private final AccessTokens tokens;

    private final FaultState faults;

    private final ObservationLog observations;

    private final ChannelCatalog catalog;

    private final EventBus bus;

    private final EmulatorClock clock;

    private final long connectTimeoutMillis;

    /**
     * Sessions ended by the emulator but not yet swept by CometD, to the error their
     * requests get.
     */
    private final Map<String, String> terminated = new ConcurrentHashMap<>();

    /**
     * Creates the extension; register it with {@link BayeuxServer#addExtension} and
     * {@link BayeuxServer#addListener}.
     * @param bayeux the server
     * @param tokens the live access tokens
     * @param faults the armed faults
     * @param observations where handshakes, subscribes and requests are recorded
     * @param catalog the declared channels
     * @param bus where subscriptions are registered
     * @param clock the org's clock
     * @param connectTimeout how long a {@code /meta/connect} is held, as advised to
     * clients
     */
    public StreamingExtension(BayeuxServer bayeux, AccessTokens tokens, FaultState faults, ObservationLog observations,
            ChannelCatalog catalog, EventBus bus, EmulatorClock clock, java.time.Duration connectTimeout) {
        this.connectTimeoutMillis = connectTimeout.toMillis();
        this.bayeux = bayeux;
        this.tokens = tokens;
        this.faults = faults;
        this.observations = observations;
        this.catalog = catalog;
        this.bus = bus;
        this.clock = clock;
    }

    /**
     * Ends every live session: its held {@code /meta/connect} returns at once, and it and
     * every later request of the session get {@code 403::Unknown client} with advice
     * {@code handshake}.
     */
    public void expireAllSessions() {
        for (ServerSession session : this.bayeux.getSessions()) {
            if (!session.isLocalSession()) {
                end(session, BayeuxErrors.UNKNOWN_CLIENT);
            }
        }
    }

    /**
     * Ends every live session whose last request carried an access token that is now
     * revoked: its held {@code /meta/connect} returns at once with
     * {@code 401::Authentication invalid} (advice {@code none}), no event is delivered to
     * it any more, and its later requests get {@code 401::Authentication invalid} (or
     * {@code 403::Unknown client} with a new token).
     */
    public void endSessionsOfRevokedTokens() {
        for (ServerSession session : this.bayeux.getSessions()) {
            if (!session.isLocalSession() && session.getAttribute(TOKEN_ATTRIBUTE) instanceof String token
                    && this.tokens.find(token).isEmpty()) {
                end(session, BayeuxErrors.AUTHENTICATION_INVALID);
            }
        }
    }

    /**
     * Ends a session the way Salesforce (API 64.0 and later) does on its own: a
     * successful {@code /meta/disconnect} message goes into the response to the session's
     * held {@code /meta/connect}, or to its next one when none is held; then the session
     * is gone.
     * @param clientId the session's client id
     * @param shape whether the {@code /meta/connect} reply goes with it
     * @throws IllegalArgumentException when no live session has that client id
     */
    public void disconnect(String clientId, ServerDisconnect shape) {
        ServerSession session = this.bayeux.getSession(clientId);
        if (session == null || session.isLocalSession() || this.terminated.containsKey(clientId)) {
            throw new IllegalArgumentException("No live Bayeux session with client id " + clientId);
        }
        serverDisconnect(session, shape);
    }

    /**
     * Ends every live session with a server-initiated {@code /meta/disconnect}, as
     * {@link #disconnect} does.
     * @param shape whether the {@code /meta/connect} reply goes with it
     */
    public void disconnectAll(ServerDisconnect shape) {
        for (ServerSession session : this.bayeux.getSessions()) {
            if (!session.isLocalSession() && !this.terminated.containsKey(session.getId())) {
                serverDisconnect(session, shape);
            }
        }
    }

    /**
     * Returns how many sessions are live (handshaken and neither ended nor swept).
     * @return the count
     */
    public int liveSessions() {
        return (int) this.bayeux.getSessions()
            .stream()
            .filter(s -> !s.isLocalSession() && !this.terminated.containsKey(s.getId()))
            .count();
    }

    /**
     * Makes the next response of every live session set a new {@code sfdc-stream} cookie
     * value.
     */
    public void rotateStickyCookies() {
        for (ServerSession session : this.bayeux.getSessions()) {
            if (session.getAttribute(STICKY_COOKIE) instanceof StickyCookie sticky) {
                sticky.rotate();
            }
        }
    }

    /**
     * Forgets what the session faults left pending: server disconnects not yet sent (no
     * {@code /meta/connect} came to carry them) and cookie rotations not yet sent.
     */
    public void cancelPendingFaults() {
        for (ServerSession session : this.bayeux.getSessions()) {
            if (session.getAttribute(STICKY_COOKIE) instanceof StickyCookie sticky) {
                sticky.cancelRotation();
            }
            if (session instanceof ServerSessionImpl impl && impl.getAttribute(SERVER_DISCONNECT) != null) {
                impl.getLock().lock();
                try {
                    if (impl.getAttribute(DISCONNECTING) == null) {
                        impl.getQueue().removeIf(message -> Channel.META_DISCONNECT.equals(message.getChannel()));
                        impl.removeAttribute(SERVER_DISCONNECT);
                    }
                }
                finally {
                    impl.getLock().unlock();
                }
            }
        }
    }

    @Override
    public boolean rcv(ServerSession session, ServerMessage.Mutable message) {
        ServerMessage.Mutable reply = message.getAssociated();
        if (message.getClientId() != null) {
            this.observations.request(message.getClientId());
        }
        String refused = refusal(session, message, true);
        if (refused != null) {
            return false;
        }
        return BayeuxErrors.fail(reply, BayeuxErrors.PUBLISH_DENIED, null, null);
    }

    @Override
    public boolean rcvMeta(ServerSession session, ServerMessage.Mutable message) {
        String channel = message.getChannel();
        if (Channel.META_HANDSHAKE.equals(channel)) {
            return handshake(session, message);
        }
        if (message.getClientId() != null) {
            this.observations.request(message.getClientId());
        }
        if (refusal(session, message, Channel.META_CONNECT.equals(channel)) != null) {
            return false;
        }
        ServerMessage.Mutable reply = message.getAssociated();
        return switch (channel) {
            case Channel.META_CONNECT -> connect(message, reply);
            case Channel.META_SUBSCRIBE -> subscribe(session, message, reply);
            case Channel.META_UNSUBSCRIBE -> {
                if (message.get(org.cometd.bayeux.Message.SUBSCRIPTION_FIELD) instanceof String subscription) {
                    this.bus.unsubscribe(session.getId(), subscription);
                    message.put(org.cometd.bayeux.Message.SUBSCRIPTION_FIELD,
                            Subscription.parse(subscription).channel());
                }
                yield true;
            }
            default -> true;
        };
    }

    @Override
    public boolean sendMeta(@Nullable ServerSession session, ServerMessage.Mutable reply) {
        String channel = reply.getChannel();
        Object error = reply.get("error");
        boolean unknown = error instanceof String text && text.startsWith("402::");
        String ended = session == null ? null : this.terminated.get(session.getId());
        if (unknown) {
            BayeuxErrors.fail(reply, BayeuxErrors.UNKNOWN_CLIENT, null, "handshake");
        }
        else if (ended != null && reply.isSuccessful() && !Channel.META_HANDSHAKE.equals(channel)
                && !Channel.META_DISCONNECT.equals(channel)) {
            BayeuxErrors.fail(reply, ended, null,
                    BayeuxErrors.AUTHENTICATION_INVALID.equals(ended) ? "none" : "handshake");
        }
        else if (error instanceof String text && text.startsWith("403::handshake_denied")) {
            reply.put("error", BayeuxErrors.HANDSHAKE_DENIED);
        }
        if (Channel.META_CONNECT.equals(channel) && reply.isSuccessful()) {
            Map<String, Object> advice = reply.getAdvice();
            if (advice != null && Boolean.TRUE.equals(advice.get("multiple-clients"))) {
                adviseMultipleClients(session, reply, advice);
            }
            else {
                adviseRetry(reply);
            }
        }
        if (Channel.META_HANDSHAKE.equals(channel)) {
            handshakeReplied(session, reply);
        }
        else if (Channel.META_SUBSCRIBE.equals(channel)) {
            subscribeReplied(reply);
        }
        return true;
    }

    /**
     * Called by CometD when a response takes the session's queued messages. A queued
     * server-initiated {@code /meta/disconnect} turns the {@code /meta/connect} reply
     * into one advising {@code reconnect: none} (or removes it, for
     * {@link ServerDisconnect#ALONE}) and drops the events queued after it (they stay
     * stored, the client replays them); an ended session gets no event.
     * @param session the session
     * @param queue its queued messages, under the session's lock
     * @param replies the replies of the response
     */
    @Override
    public void deQueue(ServerSession session, Queue<ServerMessage> queue, List<ServerMessage.Mutable> replies) {
        boolean disconnect = session.getAttribute(SERVER_DISCONNECT) instanceof ServerDisconnect
                && queue.stream().anyMatch(message -> Channel.META_DISCONNECT.equals(message.getChannel()));
        if (disconnect) {
            boolean afterDisconnect = false;
            for (Iterator<ServerMessage> messages = queue.iterator(); messages.hasNext();) {
                ServerMessage message = messages.next();
                if (afterDisconnect && !ChannelId.isMeta(message.getChannel())) {
                    messages.remove();
                }
                afterDisconnect |= Channel.META_DISCONNECT.equals(message.getChannel());
            }
            boolean alone = session.getAttribute(SERVER_DISCONNECT) == ServerDisconnect.ALONE;
            for (Iterator<ServerMessage.Mutable> it = replies.iterator(); it.hasNext();) {
                ServerMessage.Mutable reply = it.next();
                if (Channel.META_CONNECT.equals(reply.getChannel())) {
                    if (alone) {
                        it.remove();
                    }
                    else {
                        Map<String, Object> advice = new HashMap<>();
                        advice.put(Message.RECONNECT_FIELD, Message.RECONNECT_NONE_VALUE);
                        reply.put(Message.ADVICE_FIELD, advice);
                    }
                }
            }
            session.setAttribute(DISCONNECTING, Boolean.TRUE);
        }
        else if (this.terminated.containsKey(session.getId())) {
            queue.removeIf(message -> !ChannelId.isMeta(message.getChannel()));
        }
    }

    /**
     * Not used: {@link #deQueue(ServerSession, Queue, List)} does the work.
     * @param session the session
     * @param queue its queued messages
     */
    @Override
    public void deQueue(ServerSession session, Queue<ServerMessage> queue) {
        // the overload with the replies does the work
    }

    @Override
    public void sessionAdded(ServerSession session, ServerMessage message) {
        // nothing to do: sessions are accepted in rcvMeta
    }

    @Override
    public void sessionRemoved(ServerSession session, ServerMessage message, boolean timeout) {
        this.bus.removeSession(session.getId());
        this.terminated.remove(session.getId());
        logger.debug("Session {} removed (timeout: {})", session.getId(), timeout);
    }

    private boolean handshake(ServerSession session, ServerMessage.Mutable message) {
        ServerMessage.Mutable reply = message.getAssociated();
        BayeuxContext context = message.getBayeuxContext();
        String version = RequestCredentials.unsupportedVersion(context, EmulatorDefaults.MINIMUM_API_VERSION);
        if (version != null) {
            return BayeuxErrors.fail(reply, BayeuxErrors.unsupportedVersion(version), null, "none");
        }
        if (!RequestCredentials.hasAuthorization(context)) {
            // Salesforce refuses a handshake without credentials as it refuses any other
            // request without them;
            // the handshake keeps its usual shape, 403::Handshake denied, with the 401 as
            // failure reason.
            return BayeuxErrors.fail(reply, BayeuxErrors.HANDSHAKE_DENIED, BayeuxErrors.REQUEST_REQUIRES_AUTHENTICATION,
                    "none");
        }
        String token = RequestCredentials.accessToken(context);
        if (this.tokens.find(token).isEmpty()) {
            return BayeuxErrors.fail(reply, BayeuxErrors.HANDSHAKE_DENIED, BayeuxErrors.AUTHENTICATION_INVALID, "none");
        }
        Object types = message.get(org.cometd.bayeux.Message.SUPPORTED_CONNECTION_TYPES_FIELD);
        if (types instanceof Object[] array) {
            types = List.of(array);
        }
        if (!(types instanceof List<?> offered) || !offered.contains(LONG_POLLING)) {
            return BayeuxErrors.fail(reply, BayeuxErrors.INVALID_CONNECTION_TYPE, null, "none");
        }
        if (this.faults.dailyLimitExceeded()) {
            return BayeuxErrors.fail(reply, BayeuxErrors.DAILY_LIMIT, null, "none");
        }
        if (liveSessions() >= this.faults.concurrentClientLimit()) {
            return BayeuxErrors.fail(reply, BayeuxErrors.HANDSHAKE_DENIED, BayeuxErrors.CONCURRENT_LIMIT, "none");
        }
        // Salesforce delivers events only on /meta/connect responses, never on a
        // subscribe's.
        session.setMetaConnectDeliveryOnly(true);
        session.setAttribute(TOKEN_ATTRIBUTE, token);
        session.addListener(this);
        Map<String, Object> ext = message.getExt();
        session.setAttribute(REPLAY_ATTRIBUTE, ext != null && Boolean.TRUE.equals(ext.get("replay")));
        return true;
    }

    /**
     * Checks what every message of an existing session must satisfy; fails the reply and
     * returns the error.
     */
    private @Nullable String refusal(@Nullable ServerSession session, ServerMessage.Mutable message, boolean connect) {
        ServerMessage.Mutable reply = message.getAssociated();
        BayeuxContext context = message.getBayeuxContext();
        String error = null;
        String reconnect = null;
        String version = RequestCredentials.unsupportedVersion(context, EmulatorDefaults.MINIMUM_API_VERSION);
        if (version != null) {
            error = BayeuxErrors.unsupportedVersion(version);
            reconnect = "none";
        }
        else if (!RequestCredentials.hasAuthorization(context)) {
            // Refused before it reaches the session, which stays as it was.
            error = BayeuxErrors.REQUEST_REQUIRES_AUTHENTICATION;
            reconnect = "none";
        }
        else if (this.tokens.find(RequestCredentials.accessToken(context)).isEmpty()) {
            error = BayeuxErrors.AUTHENTICATION_INVALID;
            reconnect = "none";
            if (session != null) {
                terminate(session.getId(), BayeuxErrors.AUTHENTICATION_INVALID);
            }
        }
        else if (session == null) {
            String clientId = message.getClientId();
            if (clientId == null || this.bayeux.getSession(clientId) == null
                    || RequestCredentials.hasBrowserCookie(context)) {
                return null; // CometD answers 402 for an unknown session; sendMeta
                             // rewrites it
            }
            // CometD finds sessions through the browser cookie: without it the session
            // looks unknown.
            error = BayeuxErrors.noBrowserCookie(clientId);
            reconnect = connect ? "none" : null;
        }
        else if (this.terminated.containsKey(session.getId())) {
            error = BayeuxErrors.UNKNOWN_CLIENT;
            reconnect = "handshake";
        }
        else if (!RequestCredentials.hasBrowserCookie(context)) {
            error = BayeuxErrors.noBrowserCookie(session.getId());
            reconnect = connect ? "none" : null;
        }
        else if (session.getAttribute(STICKY_COOKIE) instanceof StickyCookie sticky
                && !sticky.accepts(context == null ? null : context.getCookie(StickyCookie.NAME))) {
            // A stale or missing sfdc-stream cookie routes the request to another server
            // of the pool, which
            // does not know the session: it is lost.
            end(session, BayeuxErrors.UNKNOWN_CLIENT);
            error = BayeuxErrors.UNKNOWN_CLIENT;
            reconnect = "handshake";
        }
        else if (connect && message.get("connectionType") instanceof String type && !LONG_POLLING.equals(type)) {
            error = BayeuxErrors.INVALID_CONNECTION_TYPE;
            reconnect = "none";
        }
        if (error != null) {
            BayeuxErrors.fail(reply, error, null, reconnect);
        }
        else if (session != null) {
            // Salesforce checks the token of every request: the session's current one is
            // the last it carried.
            session.setAttribute(TOKEN_ATTRIBUTE, RequestCredentials.accessToken(context));
        }
        return error;
    }

    private boolean connect(ServerMessage.Mutable message, ServerMessage.Mutable reply) {
        if (this.faults.dailyLimitExceeded()) {
            return BayeuxErrors.fail(reply, BayeuxErrors.DAILY_LIMIT, null, "none");
        }
        return true;
    }

    private boolean subscribe(ServerSession session, ServerMessage.Mutable message, ServerMessage.Mutable reply) {
        if (this.faults.dailyLimitExceeded()) {
            return BayeuxErrors.fail(reply, BayeuxErrors.DAILY_LIMIT, null, null);
        }
        if (this.faults.takeFailingSubscribe()) {
            return BayeuxErrors.fail(reply, BayeuxErrors.SUBSCRIBE_DENIED, BayeuxErrors.SERVER_TOO_BUSY, null);
        }
        if (!(message.get(org.cometd.bayeux.Message.SUBSCRIPTION_FIELD) instanceof String name)) {
            return BayeuxErrors.fail(reply, "403::subscription_invalid", null, null);
        }
        Subscription subscription = Subscription.parse(name);
        if (ChannelKind.of(subscription.channel()).isEmpty() || !this.catalog.isDeclared(subscription.channel())) {
            return BayeuxErrors.fail(reply, BayeuxErrors.channelDoesNotExist(name), null, null);
        }
        Object replayId = requestedReplayId(session, message, reply, subscription);
        if (replayId == null) {
            return false;
        }
        Long parsed = parseReplayId(replayId);
        if (parsed == null || !this.bus.subscribe(session, subscription, parsed)) {
            return BayeuxErrors.fail(reply, BayeuxErrors.invalidReplayId(replayId), null, null);
        }
        // CometD validates channel names and rejects a filter query: it subscribes the
        // bare channel.
        message.put(org.cometd.bayeux.Message.SUBSCRIPTION_FIELD, subscription.channel());
        return true;
    }

    private @Nullable Object requestedReplayId(ServerSession session, ServerMessage message,
            ServerMessage.Mutable reply, Subscription subscription) {
        Map<String, Object> ext = message.getExt();
        Object replay = ext == null ? null : ext.get("replay");
        if (replay == null && !Boolean.TRUE.equals(session.getAttribute(REPLAY_ATTRIBUTE))) {
            return -1L; // replay was not negotiated: new events only
        }
        Map<?, ?> replayMap = replay instanceof Map<?, ?> map ? map : Map.of();
        Object replayId = replayMap.get(subscription.channel());
        if (replayId == null) {
            BayeuxErrors.fail(reply, BayeuxErrors.replayIdNotFound(subscription.channel(), replayMap), null, null);
        }
        return replayId;
    }

    private static @Nullable Long parseReplayId(Object replayId) {
        if (replayId instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(replayId.toString().trim());
        }
        catch (NumberFormatException e) {
            return null;
        }
    }

    private void terminate(String sessionId, String error) {
        this.terminated.putIfAbsent(sessionId, error);
        this.bus.removeSession(sessionId);
    }

    /**
     * Ends a session and returns its held {@code /meta/connect}, if any, at once with the
     * session's error.
     */
    private void end(ServerSession session, String error) {
        terminate(session.getId(), error);
        if (session instanceof ServerSessionImpl impl) {
            impl.flush();
        }
    }

    private void serverDisconnect(ServerSession session, ServerDisconnect shape) {
        if (session.getAttribute(SERVER_DISCONNECT) != null) {
            return; // already on its way
        }
        session.setAttribute(SERVER_DISCONNECT, shape);
        ServerMessage.Mutable message = this.bayeux.newMessage();
        message.setChannel(Channel.META_DISCONNECT);
        message.setClientId(session.getId());
        message.setSuccessful(true);
        // Queued like an event: it wakes the held /meta/connect, or waits for the next
        // one.
        session.deliver(null, message, Promise.noop());
        logger.debug("Server-initiated /meta/disconnect ({}) queued for {}", shape, session.getId());
    }

    /**
     * Salesforce advises the client to wait before its next connect when another long
     * poll of its browser is held.
     */
    private void adviseMultipleClients(@Nullable ServerSession session, ServerMessage.Mutable reply,
            Map<String, Object> advice) {
        Object interval = session == null ? null : session.removeAttribute(MULTIPLE_CLIENTS_INTERVAL);
        if (interval == null) {
            interval = advice.get(Message.INTERVAL_FIELD);
        }
        advice.clear();
        advice.put("multiple-clients", true);
        advice.put(Message.RECONNECT_FIELD, Message.RECONNECT_RETRY_VALUE);
        advice.put(Message.INTERVAL_FIELD, interval);
        ServerMessage request = reply.getAssociated();
        if (reply.getClientId() == null && request != null && request.getClientId() != null) {
            reply.setClientId(request.getClientId());
        }
    }

    /**
     * Salesforce sends the full advice and the client id on every successful connect
     * reply.
     */
    private void adviseRetry(ServerMessage.Mutable reply) {
        ServerMessage request = reply.getAssociated();
        if (reply.getClientId() == null && request != null && request.getClientId() != null) {
            reply.setClientId(request.getClientId());
        }
        Map<String, Object> advice = reply.getAdvice(true);
        advice.put("interval", 0L);
        advice.put("timeout", this.connectTimeoutMillis);
        advice.put("reconnect", "retry");
    }

    private void handshakeReplied(@Nullable ServerSession session, ServerMessage.Mutable reply) {
        if (reply.isSuccessful()) {
            reply.remove(org.cometd.bayeux.Message.ADVICE_FIELD);
            if (session != null) {
                session.setAttribute(STICKY_COOKIE, stickyCookieOf(session));
            }
        }
        ServerMessage request = reply.getAssociated();
        Map<String, Object> requestExt = request == null ? null : request.getExt();
        if (reply.isSuccessful() && requestExt != null && Boolean.TRUE.equals(requestExt.get("replay"))) {
            Map<String, Object> ext = reply.getExt(true);
            ext.put("replay", true);
            ext.put("payload.format", true);
        }
        this.observations.handshake(new HandshakeObservation(reply.isSuccessful() ? reply.getClientId() : null,
                RequestCredentials.accessToken(reply.getBayeuxContext()),
                requestExt == null ? Map.of() : Map.copyOf(requestExt), reply.isSuccessful(),
                reply.isSuccessful() ? null : String.valueOf(reply.get("error")), failureReason(reply),
                this.clock.now()));
    }

    /**
     * The load balancer routes a browser, not a session: a new session of a browser (same
     * {@code BAYEUX_BROWSER} cookie, so same cookie store) that has a live session
     * already shares that session's {@code sfdc-stream} value.
     */
    private StickyCookie stickyCookieOf(ServerSession session) {
        String browserId = session instanceof ServerSessionImpl impl ? impl.getBrowserId() : null;
        if (browserId != null) {
            for (ServerSession other : this.bayeux.getSessions()) {
                if (other != session && other instanceof ServerSessionImpl impl && browserId.equals(impl.getBrowserId())
                        && !this.terminated.containsKey(other.getId())
                        && other.getAttribute(STICKY_COOKIE) instanceof StickyCookie sticky) {
                    return sticky;
                }
            }
        }
        return new StickyCookie();
    }

    private void subscribeReplied(ServerMessage.Mutable reply) {
        ServerMessage request = reply.getAssociated();
        Map<String, Object> ext = request == null ? null : request.getExt();
        Object replay = ext == null ? null : ext.get("replay");
        Object subscription = reply.get(org.cometd.bayeux.Message.SUBSCRIPTION_FIELD);
        this.observations.subscribe(
                new SubscribeObservation(request == null ? null : request.getClientId(), String.valueOf(subscription),
                        replay instanceof Map<?, ?> map ? copy(map) : Map.of(), reply.isSuccessful(),
                        reply.isSuccessful() ? null : String.valueOf(reply.get("error")), this.clock.now()));
    }

    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> copy = new java.util.TreeMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return Map.copyOf(copy);
    }

    private static @Nullable String failureReason(ServerMessage reply) {
        Map<String, Object> ext = reply.getExt();
        return ext != null && ext.get("sfdc") instanceof Map<?, ?> sfdc && sfdc.get("failureReason") instanceof String r
                ? r : null;
    }

}
