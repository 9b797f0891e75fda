package io.sfstream.core.client.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.sfstream.core.AuthenticationException;
import io.sfstream.core.ConnectionClosedException;
import io.sfstream.core.ServerException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.TransportException;
import io.sfstream.core.TransportTimeoutException;
import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.client.ConnectionState;
import io.sfstream.core.client.internal.SubscriptionRegistry.Subscription;
import io.sfstream.core.replay.ReplayFallback;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.transport.ClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the Bayeux sessions of one client. Each session is a fresh {@link BayeuxClient}: authenticate if needed,
 * handshake with replay, connect, subscribe every registered channel from its position. When anything ends a
 * session (connect failure, {@code 401}, {@code 403::Unknown client}, network failure) the session is abandoned
 * and, after a back-off chosen by {@link ErrorClassifier}, a new one is started: CometD's own retries are disabled,
 * so a dropped {@code /meta/connect} response never leaves events behind (Salesforce replays them to the new
 * session). Every decision runs on one control thread, so the state needs no locking beyond what is marked.
 */
public final class BayeuxSession implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(BayeuxSession.class);

    /**
     * How long a {@code /meta/connect} may go unanswered beyond the hold Salesforce advised (110 s), unless the request
     * timeout is shorter: a dead long poll goes unnoticed for about two minutes at most (PROTOCOL sections 2 and 7).
     */
    static final Duration CONNECT_MARGIN = Duration.ofSeconds(10);

    /** A session connected at least this long before it ends starts the reconnection back-off over. */
    static final Duration STABLE_SESSION = Duration.ofSeconds(10);

    /** How often the watchdog looks for a session whose CometD client stopped without telling. */
    static final Duration WATCHDOG_PERIOD = Duration.ofSeconds(5);

    /** Large enough for a batch of events in one response (PROTOCOL section 2). */
    static final int MAX_MESSAGE_SIZE_BYTES = 16 * 1024 * 1024;

    private final Authenticator authenticator;

    private final String apiVersion;

    private final ReplayFallback replayFallback;

    private final SubscriptionRegistry registry;

    private final EventBuffer buffer;

    private final LifecycleNotifier lifecycle;

    private final EventIntake intake;

    private final ChannelSubscriber subscriber;

    private final BackOff backOff;

    private final BackOff limitBackOff;

    private final ScheduledExecutorService control;

    private final ScheduledExecutorService cometdScheduler;

    private final HttpClient httpClient;

    private final Duration requestTimeout;

    private volatile ConnectionState state = ConnectionState.CLOSED;

    private volatile @Nullable AccessToken token;

    /** {@link System#nanoTime()} when the connection was lost, 0 while connected. */
    private volatile long lostSince;

    /** The generation of the live session; events and replies of any other generation are ignored. */
    private volatile long liveGeneration = -1;

    private volatile boolean closed;

    /** What {@link #open(Duration)} waits for; {@link #close()} ends the wait even when the control thread is stuck. */
    private volatile @Nullable CompletableFuture<Void> openWaiter;

    // Confined to the control thread.
    private long generation;

    /** Written on the control thread only. */
    private volatile @Nullable LiveSession live;

    private int failuresSinceConnected;

    /** {@link System#nanoTime()} when the live session connected, 0 while it is not. */
    private long connectedSince;

    private boolean reauthenticatedForRequiresAuthentication;

    private @Nullable String lastFailure;

    private boolean everConnected;

    private @Nullable CompletableFuture<Void> opening;

    /**
     * Creates the session driver; nothing happens before {@link #open(Duration)}.
     *
     * @param authenticator obtains tokens
     * @param apiVersion the Streaming API version
     * @param replayFallback what to do about an expired replay id
     * @param registry the subscriptions
     * @param buffer where received events go
     * @param lifecycle the lifecycle listeners
     * @param backOffInitial the first reconnection delay
     * @param backOffMax the longest reconnection delay
     * @param requestTimeout how long a request other than {@code /meta/connect} may go unanswered before it is
     * abandoned
     */
    public BayeuxSession(Authenticator authenticator, String apiVersion, ReplayFallback replayFallback,
            SubscriptionRegistry registry, EventBuffer buffer, LifecycleNotifier lifecycle, Duration backOffInitial,
            Duration backOffMax, Duration requestTimeout) {
        this.authenticator = authenticator;
        this.requestTimeout = requestTimeout;
        this.apiVersion = apiVersion;
        this.replayFallback = replayFallback;
        this.registry = registry;
        this.buffer = buffer;
        this.lifecycle = lifecycle;
        this.intake = new EventIntake(registry, buffer, lifecycle, () -> this.liveGeneration,
                (session, reason) -> execute(() -> restartSession(session, reason)));
        this.backOff = new BackOff(backOffInitial, backOffMax);
        Duration limitInitial = backOffInitial.multipliedBy(30);
        this.limitBackOff = new BackOff((limitInitial.compareTo(backOffMax) < 0) ? limitInitial : backOffMax,
                backOffMax);
        this.subscriber = new ChannelSubscriber(registry, lifecycle, replayFallback,
                new BackOff(backOffInitial, backOffMax), this.limitBackOff, new SubscriberControl());
        this.control = Executors.newSingleThreadScheduledExecutor((task) -> daemon(task, "sfstream-session"));
        this.cometdScheduler = Executors.newSingleThreadScheduledExecutor((task) -> daemon(task, "sfstream-cometd"));
        this.httpClient = HttpClients.create();
        long period = WATCHDOG_PERIOD.toMillis();
        this.control.scheduleWithFixedDelay(() -> runSafely(this::watch), period, period, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Authenticates, handshakes and connects, waiting for the first successful {@code /meta/connect}.
     *
     * @param timeout how long to wait at most
     * @throws AuthenticationException when no token could be obtained
     * @throws ServerException when Salesforce refused the handshake
     * @throws TransportException when Salesforce could not be reached
     */
    public void open(Duration timeout) {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        this.openWaiter = opened;
        if (this.closed) {
            // close() ran before the waiter was visible to it.
            throw new ConnectionClosedException("closed");
        }
        this.state = ConnectionState.CONNECTING;
        try {
            this.control.execute(() -> runSafely(() -> {
                this.opening = opened;
                startSession(null);
            }));
        }
        catch (RejectedExecutionException ex) {
            throw new ConnectionClosedException("closed");
        }
        try {
            opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (java.util.concurrent.ExecutionException ex) {
            if (ex.getCause() instanceof StreamingException streaming) {
                throw streaming;
            }
            throw new TransportException("Opening the Salesforce streaming session failed", ex.getCause());
        }
        catch (java.util.concurrent.TimeoutException ex) {
            throw new TransportTimeoutException("Salesforce did not complete the handshake within "
                    + timeout.toSeconds() + " s; check the network and the instance URL");
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TransportException("Interrupted while opening the streaming session", ex);
        }
    }

    /**
     * Returns the state.
     *
     * @return the state
     */
    public ConnectionState state() {
        return this.state;
    }

    /**
     * Returns how long the connection has been lost, or {@link Duration#ZERO} while connected.
     *
     * @return the outage so far
     */
    public Duration downFor() {
        long since = this.lostSince;
        return (since == 0 || this.state != ConnectionState.RECONNECTING) ? Duration.ZERO
                : Duration.ofNanos(System.nanoTime() - since);
    }

    /**
     * Subscribes a registered channel on the live session, if there is one and it was not sent yet; otherwise the
     * next session subscribes it.
     *
     * @param subscription the subscription
     */
    public void subscribe(Subscription subscription) {
        execute(() -> {
            LiveSession current = this.live;
            if (current != null && current.handshaken) {
                this.subscriber.subscribe(current, subscription);
            }
        });
    }

    /**
     * Unsubscribes a channel already removed from the registry.
     *
     * @param subscription the subscription
     */
    public void unsubscribe(Subscription subscription) {
        execute(() -> {
            LiveSession current = this.live;
            if (current != null) {
                this.subscriber.unsubscribe(current, subscription);
            }
        });
    }

    // ---- session lifecycle (control thread) ----

    private void startSession(@Nullable String reason) {
        if (this.closed) {
            return;
        }
        AccessToken current = this.token;
        if (current == null) {
            current = authenticate(reason);
            if (current == null) {
                return;
            }
        }
        long gen = ++this.generation;
        String url = current.instanceUrl() + "/cometd/" + this.apiVersion;
        Map<String, Object> options = new HashMap<>();
        options.put(ClientTransport.MAX_MESSAGE_SIZE_OPTION, MAX_MESSAGE_SIZE_BYTES);
        Duration connectMargin = (this.requestTimeout.compareTo(CONNECT_MARGIN) < 0) ? this.requestTimeout
                : CONNECT_MARGIN;
        BearerTransport transport = new BearerTransport(options, this.cometdScheduler, this.httpClient,
                this::currentTokenValue, this.requestTimeout, connectMargin);
        BayeuxClient client = new SupervisedBayeuxClient(url, this.cometdScheduler, transport);
        LiveSession[] owner = new LiveSession[1];
        ReplayExtension replay = new ReplayExtension((channel) -> this.subscriber.resumeFrom(owner[0], channel));
        LiveSession session = new LiveSession(gen, client, replay);
        owner[0] = session;
        client.addExtension(replay);
        client.addExtension(new BackPressureExtension(this.buffer, (release) -> releaseConnect(gen, release),
                () -> this.liveGeneration == gen && !this.closed));
        client.getChannel(Channel.META_CONNECT).addListener((ClientSessionChannel.MessageListener) (channel,
                message) -> onConnectReply(gen, message));
        client.getChannel(Channel.META_DISCONNECT).addListener((ClientSessionChannel.MessageListener) (channel,
                message) -> onDisconnectMessage(gen, message));
        client.getChannel("/**").addListener((ClientSessionChannel.MessageListener) (channel,
                message) -> this.intake.onMessage(session, message));
        this.live = session;
        this.liveGeneration = gen;
        logger.info("Handshaking with {}{}", url, (reason != null) ? " (" + reason + ")" : "");
        client.handshake(new HashMap<>(), (reply) -> execute(() -> onHandshakeReply(session, reply)));
    }

    private @Nullable AccessToken authenticate(@Nullable String reason) {
        try {
            AccessToken fresh = this.authenticator.authenticate();
            this.token = fresh;
            if (reason != null || this.everConnected) {
                logger.info("Re-authenticated with Salesforce ({})", (reason != null) ? reason : "new session");
                this.lifecycle.reauthenticated();
            }
            else {
                logger.info("Authenticated with Salesforce, instance {}", fresh.instanceUrl());
            }
            return fresh;
        }
        catch (RuntimeException ex) {
            AuthenticationException error = (ex instanceof AuthenticationException auth) ? auth
                    : new AuthenticationException("The authenticator failed: " + ex.getClass().getSimpleName(), ex);
            this.lifecycle.authenticationFailed(error);
            if (failOpening(error)) {
                return null;
            }
            Duration delay = error.isTransient() ? this.backOff.next() : this.limitBackOff.next();
            logger.warn("Obtaining an access token failed ({}); retrying in {} ms", error.getMessage(),
                    delay.toMillis());
            schedule(() -> startSession(reason), delay);
            return null;
        }
    }

    private void onHandshakeReply(LiveSession session, Message reply) {
        if (!isLive(session)) {
            return;
        }
        if (!reply.isSuccessful()) {
            onSessionFailure(session.generation, reply);
            return;
        }
        session.handshaken = true;
        if (!session.replay.isReplayEnabled()) {
            logger.warn("Salesforce did not enable replay on the handshake (no ext.replay echo): events published "
                    + "while disconnected cannot be replayed");
        }
        if (this.everConnected || this.lastFailure != null) {
            String reason = (this.lastFailure != null) ? this.lastFailure : "new session";
            logger.info("Re-handshake succeeded ({}); re-subscribing {} channel(s)", reason,
                    this.registry.all().size());
            this.lifecycle.rehandshaked(reason);
        }
        for (Subscription subscription : this.registry.all()) {
            this.subscriber.subscribe(session, subscription);
        }
    }

    private void onConnectReply(long gen, Message reply) {
        if (gen != this.liveGeneration) {
            return;
        }
        if (reply.isSuccessful()) {
            Map<String, Object> advice = reply.getAdvice();
            if (advice != null && !advice.isEmpty() && unusualAdvice(gen, advice)) {
                return;
            }
            LiveSession current = this.live;
            if (current != null && current.generation == gen && current.connected) {
                // The usual case: one more round trip of a connected session, nothing for the control thread.
                return;
            }
            execute(() -> {
                LiveSession session = this.live;
                if (session != null && session.generation == gen && !session.connected) {
                    onConnected(session);
                }
            });
        }
        else {
            execute(() -> onSessionFailure(gen, reply));
        }
    }

    /**
     * Acts on the advice of a successful connect reply: {@code reconnect: none} means the server ended the session
     * (with a {@code /meta/disconnect} beside it, API 64.0 and later); {@code multiple-clients} means the server saw two
     * long polls of this browser and asks to wait {@code interval} before the next one, which CometD does.
     *
     * @return whether the session ended
     */
    private boolean unusualAdvice(long gen, Map<String, Object> advice) {
        if (Message.RECONNECT_NONE_VALUE.equals(advice.get(Message.RECONNECT_FIELD))) {
            execute(() -> onSessionEndedByServer(gen, "Salesforce ended the Bayeux session (connect reply with "
                    + "advice reconnect: none)"));
            return true;
        }
        if (Boolean.TRUE.equals(advice.get("multiple-clients"))) {
            LiveSession current = this.live;
            if (current != null && current.generation == gen && !current.multipleClientsReported) {
                current.multipleClientsReported = true;
                logger.warn("Salesforce saw another long poll from this client's browser cookie (advice "
                        + "multiple-clients): waiting {} ms between long polls as advised", advice.get("interval"));
            }
        }
        return false;
    }

    /** A {@code /meta/disconnect} this client did not send: the server ended the session (PROTOCOL section 7). */
    private void onDisconnectMessage(long gen, Message message) {
        if (gen != this.liveGeneration || this.closed) {
            return;
        }
        execute(() -> onSessionEndedByServer(gen, "Salesforce ended the Bayeux session (/meta/disconnect)"));
    }

    private void onSessionEndedByServer(long gen, String reason) {
        LiveSession session = this.live;
        if (this.closed || session == null || session.generation != gen) {
            return;
        }
        recover(session, FailureAction.REHANDSHAKE,
                new ServerException(reason, Channel.META_DISCONNECT, null, null, null));
    }

    private void onConnected(LiveSession session) {
        session.connected = true;
        this.connectedSince = System.nanoTime();
        this.state = ConnectionState.CONNECTED;
        this.lostSince = 0;
        this.lastFailure = null;
        this.everConnected = true;
        // The guard of '401::Request requires authentication' re-arms: the next occurrence re-authenticates once more.
        this.reauthenticatedForRequiresAuthentication = false;
        logger.info("Connected to Salesforce streaming ({})", session.client.getURL());
        this.lifecycle.connected();
        CompletableFuture<Void> opened = this.opening;
        if (opened != null) {
            this.opening = null;
            opened.complete(null);
        }
    }

    private void onSessionFailure(long gen, Message reply) {
        LiveSession session = this.live;
        if (this.closed || session == null || session.generation != gen) {
            return;
        }
        FailureAction action = ErrorClassifier.classify(reply);
        recover(session, action, ErrorClassifier.toException(reply, describe(reply.getChannel())));
    }

    /** Abandons a failed session and schedules what comes next (control thread). */
    private void recover(LiveSession session, FailureAction action, ServerException error) {
        abandon(session);
        if (this.opening != null && action != FailureAction.REAUTHENTICATE
                && action != FailureAction.REAUTHENTICATE_ONCE && action != FailureAction.REHANDSHAKE) {
            failOpening(asOpenFailure(action, error));
            return;
        }
        this.state = (this.opening != null) ? ConnectionState.CONNECTING : ConnectionState.RECONNECTING;
        if (this.lostSince == 0) {
            this.lostSince = System.nanoTime();
        }
        long since = this.connectedSince;
        this.connectedSince = 0;
        if (since != 0 && System.nanoTime() - since >= STABLE_SESSION.toNanos()) {
            // A session that lived long enough: start the back-off over. One that ends soon after it connected (a
            // server or proxy ending every session) keeps the back-off growing instead of handshaking in a loop.
            this.failuresSinceConnected = 0;
            this.backOff.reset();
            this.limitBackOff.reset();
        }
        this.failuresSinceConnected++;
        this.lastFailure = error.getMessage();
        if (this.opening != null && this.failuresSinceConnected > 2) {
            failOpening(error);
            return;
        }
        if (this.opening == null) {
            this.lifecycle.disconnected(error);
        }
        Duration delay;
        switch (action) {
            case REAUTHENTICATE -> {
                logger.info("Salesforce refused the access token ({}): re-authenticating", error.getMessage());
                this.token = null;
                delay = (this.failuresSinceConnected <= 1) ? Duration.ZERO : this.backOff.next();
            }
            case REAUTHENTICATE_ONCE -> {
                this.token = null;
                if (this.reauthenticatedForRequiresAuthentication) {
                    delay = this.limitBackOff.next();
                    logger.error("Salesforce still answers '{}' after a new token: the user or connected app cannot "
                            + "use the Streaming API (check API Enabled and the OAuth scopes); retrying in {} ms",
                            error.error(), delay.toMillis());
                    if (failOpening(error)) {
                        return;
                    }
                    this.lifecycle.authenticationFailed(new AuthenticationException(error.getMessage(), 401,
                            error.error(), error.failureReason()));
                }
                else {
                    this.reauthenticatedForRequiresAuthentication = true;
                    logger.warn("Salesforce answered '{}': re-authenticating once", error.error());
                    delay = Duration.ZERO;
                }
            }
            case REHANDSHAKE -> {
                delay = (this.failuresSinceConnected <= 1) ? Duration.ZERO : this.backOff.next();
                logger.info("Bayeux session lost ({}): handshaking again in {} ms", error.getMessage(),
                        delay.toMillis());
            }
            case LIMIT_BACK_OFF -> {
                delay = this.limitBackOff.next();
                logger.warn("Salesforce limit reached ({}): retrying in {} ms", error.getMessage(), delay.toMillis());
                this.lifecycle.limitExceeded(error, delay);
            }
            default -> {
                delay = this.backOff.next();
                logger.info("Connection to Salesforce lost ({}): reconnecting in {} ms", error.getMessage(),
                        delay.toMillis());
            }
        }
        String reason = error.getMessage();
        schedule(() -> startSession(reason), delay);
    }

    /**
     * Looks for a live session whose CometD client stopped without a reply this client acted on; every known way is
     * handled where it happens, so this only guards against going quiet through an unknown one (control thread).
     */
    private void watch() {
        LiveSession session = this.live;
        if (this.closed || session == null || !session.handshaken) {
            return;
        }
        if (session.client.isDisconnected()) {
            if (session.stoppedSeen) {
                logger.warn("The Bayeux client of the live session stopped without a reply the client acted on; "
                        + "starting a new session");
                recover(session, FailureAction.REHANDSHAKE, new ServerException("the Bayeux client stopped",
                        Channel.META_CONNECT, null, null, null));
            }
            else {
                session.stoppedSeen = true;
            }
        }
    }

    private StreamingException asOpenFailure(FailureAction action, ServerException error) {
        if (action == FailureAction.TRANSPORT && error.error() == null) {
            return new TransportException("Salesforce could not be reached: " + error.getMessage());
        }
        return error;
    }

    /** Fails a pending {@link #open(Duration)}; returns whether there was one. */
    private boolean failOpening(StreamingException error) {
        CompletableFuture<Void> opened = this.opening;
        if (opened == null) {
            return false;
        }
        this.opening = null;
        LiveSession session = this.live;
        if (session != null) {
            abandon(session);
        }
        this.state = ConnectionState.CLOSED;
        opened.completeExceptionally(error);
        return true;
    }

    /** Abandons a live session for a new one that subscribes every channel from its position (control thread). */
    private void restartSession(LiveSession session, String reason) {
        if (!isLive(session)) {
            return;
        }
        logger.info("Starting a new Bayeux session: {}", reason);
        abandon(session);
        this.lastFailure = reason;
        startSession(reason);
    }

    private void abandon(LiveSession session) {
        this.liveGeneration = -1;
        this.live = null;
        for (Subscription subscription : this.registry.all()) {
            subscription.setActive(false);
        }
        try {
            session.client.abort();
        }
        catch (RuntimeException ex) {
            logger.debug("Aborting the Bayeux client failed", ex);
        }
    }

    // ---- plumbing ----

    /** What the channel subscriber needs of the session driver. */
    private final class SubscriberControl implements ChannelSubscriber.Control {

        @Override
        public boolean isLive(LiveSession session) {
            return BayeuxSession.this.isLive(session);
        }

        @Override
        public void restartSession(LiveSession session, String reason) {
            BayeuxSession.this.restartSession(session, reason);
        }

        @Override
        public void execute(Runnable task) {
            BayeuxSession.this.execute(task);
        }

        @Override
        public void schedule(Runnable task, Duration delay) {
            BayeuxSession.this.schedule(task, delay);
        }

        @Override
        public void sessionFailed(LiveSession session, Message reply) {
            onSessionFailure(session.generation, reply);
        }
    }

    private boolean isLive(LiveSession session) {
        return !this.closed && this.live == session;
    }

    private @Nullable String currentTokenValue() {
        AccessToken current = this.token;
        return (current != null) ? current.value() : null;
    }

    private void releaseConnect(long gen, Runnable release) {
        try {
            this.control.execute(() -> runSafely(() -> {
                LiveSession session = this.live;
                if (session == null || session.generation != gen) {
                    return;
                }
                release.run();
            }));
        }
        catch (RejectedExecutionException ex) {
            logger.debug("Not releasing a held /meta/connect: the client is closed");
        }
    }

    private void execute(Runnable task) {
        try {
            this.control.execute(() -> runSafely(task));
        }
        catch (RejectedExecutionException ex) {
            logger.debug("Ignoring a session task: the client is closed");
        }
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            this.control.schedule(() -> runSafely(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            logger.debug("Ignoring a session task: the client is closed");
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        }
        catch (RuntimeException ex) {
            logger.error("Unexpected failure in the streaming session; starting a new session", ex);
            LiveSession session = this.live;
            if (session != null && !this.closed) {
                abandon(session);
                this.state = ConnectionState.RECONNECTING;
                if (this.lostSince == 0) {
                    this.lostSince = System.nanoTime();
                }
                schedule(() -> startSession("recovering from " + ex.getClass().getSimpleName()), this.backOff.next());
            }
        }
    }

    private static String describe(@Nullable String metaChannel) {
        if (Channel.META_HANDSHAKE.equals(metaChannel)) {
            return "Handshake";
        }
        if (Channel.META_CONNECT.equals(metaChannel)) {
            return "Connect";
        }
        return String.valueOf(metaChannel);
    }

    /**
     * Disconnects the live session, stops every thread of the session and the HTTP client. Idempotent.
     */
    @Override
    public void close() {
        if (this.closed) {
            return;
        }
        CompletableFuture<@Nullable BayeuxClient> toDisconnect = new CompletableFuture<>();
        try {
            this.control.execute(() -> {
                this.closed = true;
                LiveSession session = this.live;
                this.live = null;
                this.liveGeneration = -1;
                CompletableFuture<Void> opened = this.opening;
                if (opened != null) {
                    opened.completeExceptionally(new ConnectionClosedException("closed"));
                }
                toDisconnect.complete((session != null) ? session.client : null);
            });
            BayeuxClient client = toDisconnect.get(5, TimeUnit.SECONDS);
            if (client != null) {
                if (client.isConnected()) {
                    client.disconnect(1000);
                }
                client.abort();
            }
        }
        catch (Exception ex) {
            logger.debug("Disconnecting failed", ex);
        }
        finally {
            this.closed = true;
            CompletableFuture<Void> waiter = this.openWaiter;
            if (waiter != null) {
                waiter.completeExceptionally(new ConnectionClosedException("closed"));
            }
            this.state = ConnectionState.CLOSED;
            this.control.shutdownNow();
            this.cometdScheduler.shutdownNow();
            HttpClients.stop(this.httpClient);
            logger.info("Salesforce streaming session closed");
        }
    }
}
