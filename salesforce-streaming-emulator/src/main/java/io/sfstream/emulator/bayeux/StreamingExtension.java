package io.sfstream.emulator.bayeux;

import io.sfstream.emulator.EmulatorClock;
import io.sfstream.emulator.EmulatorDefaults;
import io.sfstream.emulator.HandshakeObservation;
import io.sfstream.emulator.SubscribeObservation;
import io.sfstream.emulator.events.ChannelCatalog;
import io.sfstream.emulator.events.ChannelKind;
import io.sfstream.emulator.org.AccessTokens;
import io.sfstream.emulator.org.FaultState;
import io.sfstream.emulator.org.ObservationLog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.server.BayeuxContext;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.ServerSessionImpl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the CometD server answer like Salesforce's Streaming API: checks the access token, the
 * {@code BAYEUX_BROWSER} cookie, the API version and the connection type of every message; applies
 * the armed faults; runs the replay extension on subscribes; and rewrites CometD's own errors into
 * Salesforce's wording.
 *
 * <p>Thread-safe.
 */
public final class StreamingExtension implements BayeuxServer.Extension, BayeuxServer.SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingExtension.class);
    private static final String LONG_POLLING = "long-polling";
    private static final String REPLAY_ATTRIBUTE = "io.sfstream.emulator.replay";

    private final BayeuxServer bayeux;
    private final AccessTokens tokens;
    private final FaultState faults;
    private final ObservationLog observations;
    private final ChannelCatalog catalog;
    private final EventBus bus;
    private final EmulatorClock clock;
    private final long connectTimeoutMillis;
    private final Set<String> terminated = ConcurrentHashMap.newKeySet();

    /**
     * Creates the extension; register it with {@link BayeuxServer#addExtension} and {@link BayeuxServer#addListener}.
     *
     * @param bayeux the server
     * @param tokens the live access tokens
     * @param faults the armed faults
     * @param observations where handshakes, subscribes and requests are recorded
     * @param catalog the declared channels
     * @param bus where subscriptions are registered
     * @param clock the org's clock
     * @param connectTimeout how long a {@code /meta/connect} is held, as advised to clients
     */
    public StreamingExtension(BayeuxServer bayeux, AccessTokens tokens, FaultState faults,
            ObservationLog observations, ChannelCatalog catalog, EventBus bus, EmulatorClock clock,
            java.time.Duration connectTimeout) {
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
     * Ends every live session: its held {@code /meta/connect} returns at once, and it and every later
     * request of the session get {@code 403::Unknown client} with advice {@code handshake}.
     */
    public void expireAllSessions() {
        for (ServerSession session : bayeux.getSessions()) {
            if (!session.isLocalSession()) {
                terminate(session.getId());
                if (session instanceof ServerSessionImpl impl) {
                    impl.flush();
                }
            }
        }
    }

    /**
     * Returns how many sessions are live (handshaken and neither expired nor swept).
     *
     * @return the count
     */
    public int liveSessions() {
        return (int) bayeux.getSessions().stream()
                .filter(s -> !s.isLocalSession() && !terminated.contains(s.getId())).count();
    }

    @Override
    public boolean rcv(ServerSession session, ServerMessage.Mutable message) {
        ServerMessage.Mutable reply = message.getAssociated();
        if (message.getClientId() != null) {
            observations.request(message.getClientId());
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
            observations.request(message.getClientId());
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
                    bus.unsubscribe(session.getId(), subscription);
                    message.put(org.cometd.bayeux.Message.SUBSCRIPTION_FIELD, Subscription.parse(subscription).channel());
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
        if (unknown || (session != null && terminated.contains(session.getId()) && reply.isSuccessful()
                && !Channel.META_HANDSHAKE.equals(channel))) {
            BayeuxErrors.fail(reply, BayeuxErrors.UNKNOWN_CLIENT, null, "handshake");
        } else if (error instanceof String text && text.startsWith("403::handshake_denied")) {
            reply.put("error", BayeuxErrors.HANDSHAKE_DENIED);
        }
        if (Channel.META_CONNECT.equals(channel) && reply.isSuccessful()) {
            adviseRetry(reply);
        }
        if (Channel.META_HANDSHAKE.equals(channel)) {
            handshakeReplied(reply);
        } else if (Channel.META_SUBSCRIBE.equals(channel)) {
            subscribeReplied(reply);
        }
        return true;
    }

    @Override
    public void sessionAdded(ServerSession session, ServerMessage message) {
        // nothing to do: sessions are accepted in rcvMeta
    }

    @Override
    public void sessionRemoved(ServerSession session, ServerMessage message, boolean timeout) {
        bus.removeSession(session.getId());
        terminated.remove(session.getId());
        LOG.debug("Session {} removed (timeout: {})", session.getId(), timeout);
    }

    private boolean handshake(ServerSession session, ServerMessage.Mutable message) {
        ServerMessage.Mutable reply = message.getAssociated();
        BayeuxContext context = message.getBayeuxContext();
        String version = RequestCredentials.unsupportedVersion(context, EmulatorDefaults.MINIMUM_API_VERSION);
        if (version != null) {
            return BayeuxErrors.fail(reply, BayeuxErrors.unsupportedVersion(version), null, "none");
        }
        if (tokens.find(RequestCredentials.accessToken(context)).isEmpty()) {
            return BayeuxErrors.fail(reply, BayeuxErrors.HANDSHAKE_DENIED, BayeuxErrors.AUTHENTICATION_INVALID, "none");
        }
        Object types = message.get(org.cometd.bayeux.Message.SUPPORTED_CONNECTION_TYPES_FIELD);
        if (types instanceof Object[] array) {
            types = List.of(array);
        }
        if (!(types instanceof List<?> offered) || !offered.contains(LONG_POLLING)) {
            return BayeuxErrors.fail(reply, BayeuxErrors.INVALID_CONNECTION_TYPE, null, "none");
        }
        if (liveSessions() >= faults.concurrentClientLimit()) {
            return BayeuxErrors.fail(reply, BayeuxErrors.HANDSHAKE_DENIED, BayeuxErrors.CONCURRENT_LIMIT, "none");
        }
        // Salesforce delivers events only on /meta/connect responses, never on a subscribe's.
        session.setMetaConnectDeliveryOnly(true);
        Map<String, Object> ext = message.getExt();
        session.setAttribute(REPLAY_ATTRIBUTE, ext != null && Boolean.TRUE.equals(ext.get("replay")));
        return true;
    }

    /** Checks what every message of an existing session must satisfy; fails the reply and returns the error. */
    private @Nullable String refusal(@Nullable ServerSession session, ServerMessage.Mutable message, boolean connect) {
        ServerMessage.Mutable reply = message.getAssociated();
        BayeuxContext context = message.getBayeuxContext();
        String error = null;
        String reconnect = null;
        String version = RequestCredentials.unsupportedVersion(context, EmulatorDefaults.MINIMUM_API_VERSION);
        if (version != null) {
            error = BayeuxErrors.unsupportedVersion(version);
            reconnect = "none";
        } else if (tokens.find(RequestCredentials.accessToken(context)).isEmpty()) {
            error = BayeuxErrors.AUTHENTICATION_INVALID;
            reconnect = "none";
            if (session != null) {
                terminate(session.getId());
            }
        } else if (session == null) {
            String clientId = message.getClientId();
            if (clientId == null || bayeux.getSession(clientId) == null || RequestCredentials.hasBrowserCookie(context)) {
                return null; // CometD answers 402 for an unknown session; sendMeta rewrites it
            }
            // CometD finds sessions through the browser cookie: without it the session looks unknown.
            error = BayeuxErrors.noBrowserCookie(clientId);
            reconnect = connect ? "none" : null;
        } else if (terminated.contains(session.getId())) {
            error = BayeuxErrors.UNKNOWN_CLIENT;
            reconnect = "handshake";
        } else if (!RequestCredentials.hasBrowserCookie(context)) {
            error = BayeuxErrors.noBrowserCookie(session.getId());
            reconnect = connect ? "none" : null;
        } else if (connect && message.get("connectionType") instanceof String type && !LONG_POLLING.equals(type)) {
            error = BayeuxErrors.INVALID_CONNECTION_TYPE;
            reconnect = "none";
        }
        if (error != null) {
            BayeuxErrors.fail(reply, error, null, reconnect);
        }
        return error;
    }

    private boolean connect(ServerMessage.Mutable message, ServerMessage.Mutable reply) {
        if (faults.dailyLimitExceeded()) {
            return BayeuxErrors.fail(reply, BayeuxErrors.DAILY_LIMIT, null, "none");
        }
        return true;
    }

    private boolean subscribe(ServerSession session, ServerMessage.Mutable message, ServerMessage.Mutable reply) {
        if (faults.dailyLimitExceeded()) {
            return BayeuxErrors.fail(reply, BayeuxErrors.DAILY_LIMIT, null, null);
        }
        if (faults.takeFailingSubscribe()) {
            return BayeuxErrors.fail(reply, BayeuxErrors.SUBSCRIBE_DENIED, BayeuxErrors.SERVER_TOO_BUSY, null);
        }
        if (!(message.get(org.cometd.bayeux.Message.SUBSCRIPTION_FIELD) instanceof String name)) {
            return BayeuxErrors.fail(reply, "403::subscription_invalid", null, null);
        }
        Subscription subscription = Subscription.parse(name);
        if (ChannelKind.of(subscription.channel()).isEmpty() || !catalog.isDeclared(subscription.channel())) {
            return BayeuxErrors.fail(reply, BayeuxErrors.channelDoesNotExist(name), null, null);
        }
        Object replayId = requestedReplayId(session, message, reply, subscription);
        if (replayId == null) {
            return false;
        }
        Long parsed = parseReplayId(replayId);
        if (parsed == null || !bus.subscribe(session, subscription, parsed)) {
            return BayeuxErrors.fail(reply, BayeuxErrors.invalidReplayId(replayId), null, null);
        }
        // CometD validates channel names and rejects a filter query: it subscribes the bare channel.
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
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void terminate(String sessionId) {
        terminated.add(sessionId);
        bus.removeSession(sessionId);
    }

    /** Salesforce sends the full advice and the client id on every successful connect reply. */
    private void adviseRetry(ServerMessage.Mutable reply) {
        ServerMessage request = reply.getAssociated();
        if (reply.getClientId() == null && request != null && request.getClientId() != null) {
            reply.setClientId(request.getClientId());
        }
        Map<String, Object> advice = reply.getAdvice(true);
        advice.put("interval", 0L);
        advice.put("timeout", connectTimeoutMillis);
        advice.put("reconnect", "retry");
    }

    private void handshakeReplied(ServerMessage.Mutable reply) {
        if (reply.isSuccessful()) {
            reply.remove(org.cometd.bayeux.Message.ADVICE_FIELD);
        }
        ServerMessage request = reply.getAssociated();
        Map<String, Object> requestExt = request == null ? null : request.getExt();
        if (reply.isSuccessful() && requestExt != null && Boolean.TRUE.equals(requestExt.get("replay"))) {
            Map<String, Object> ext = reply.getExt(true);
            ext.put("replay", true);
            ext.put("payload.format", true);
        }
        observations.handshake(new HandshakeObservation(reply.isSuccessful() ? reply.getClientId() : null,
                RequestCredentials.accessToken(reply.getBayeuxContext()),
                requestExt == null ? Map.of() : Map.copyOf(requestExt), reply.isSuccessful(),
                reply.isSuccessful() ? null : String.valueOf(reply.get("error")), failureReason(reply), clock.now()));
    }

    private void subscribeReplied(ServerMessage.Mutable reply) {
        ServerMessage request = reply.getAssociated();
        Map<String, Object> ext = request == null ? null : request.getExt();
        Object replay = ext == null ? null : ext.get("replay");
        Object subscription = reply.get(org.cometd.bayeux.Message.SUBSCRIPTION_FIELD);
        observations.subscribe(new SubscribeObservation(request == null ? null : request.getClientId(),
                String.valueOf(subscription), replay instanceof Map<?, ?> map ? copy(map) : Map.of(),
                reply.isSuccessful(), reply.isSuccessful() ? null : String.valueOf(reply.get("error")), clock.now()));
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
