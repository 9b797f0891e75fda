package io.sfstream.core.client.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sfstream.core.AuthenticationException;
import io.sfstream.core.ConnectionClosedException;
import io.sfstream.core.ServerException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.TransportException;
import io.sfstream.core.TransportTimeoutException;
import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.client.ConnectionState;
import io.sfstream.core.client.internal.ChannelSubscriber.Decision;
import io.sfstream.core.client.internal.SubscriptionRegistry.Subscription;
import io.sfstream.core.support.BackOff;
import io.sfstream.core.support.LifecycleNotifier;
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
 * Supervises the Bayeux sessions of one client, one at a time: authenticate if needed,
 * start a {@link BayeuxSession} (handshake with replay, connect, subscribe every
 * registered channel from its position), and when anything ends it (a connect failure,
 * {@code 401}, {@code 403::Unknown client}, a server {@code /meta/disconnect}, a request
 * that got no answer in time) abandon it and, after the delay {@link Recovery} decides,
 * start a new one. CometD's own reconnection is off ({@link SupervisedBayeuxClient}), so
 * a dropped response never leaves events behind: Salesforce replays them to the new
 * session. The {@link ChannelSubscriber} decides what subscribe replies mean and returns
 * its decisions; the supervisor carries them out. Every decision runs on one control
 * thread, so the state needs no locking beyond what is marked; CometD's threads only hand
 * replies over to it.
 */
public final class SessionSupervisor implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(SessionSupervisor.class);

    /** Large enough for a batch of events in one response (PROTOCOL section 2). */
    static final int MAX_MESSAGE_SIZE_BYTES = 16 * 1024 * 1024;

    /**
     * How often the watchdog looks for a session whose CometD client stopped without
     * telling.
     */
    static final Duration WATCHDOG_PERIOD = Duration.ofSeconds(5);

    private final ClientOptions options;

    private final SubscriptionRegistry registry;

    private final EventBuffer buffer;

    private final LifecycleNotifier lifecycle;

    private final EventIntake intake;

    private final ChannelSubscriber subscriber;

    private final Recovery recovery;

    private final ScheduledExecutorService control;

    private final ScheduledExecutorService cometdScheduler;

    private final HttpClient httpClient;

    private final ChannelSubscriber.ReplyHandler subscribeReplies = (session, subscription,
            reply) -> execute(() -> onSubscribeReply(session, subscription, reply));

    private final ChannelSubscriber.ReplyHandler unsubscribeReplies = (session, subscription,
            reply) -> execute(() -> onUnsubscribeReply(session, subscription, reply));

    private volatile ConnectionState state = ConnectionState.CLOSED;

    private volatile @Nullable AccessToken token;

    /** {@link System#nanoTime()} when the connection was lost, 0 while connected. */
    private volatile long lostSince;

    private volatile boolean closed;

    /**
     * What {@link #open(Duration)} waits for; {@link #close()} ends the wait even when
     * the control thread is stuck.
     */
    private volatile @Nullable CompletableFuture<Void> openWaiter;

    /** Written on the control thread only. */
    private volatile @Nullable BayeuxSession live;

    // Confined to the control thread.
    private long generation;

    private @Nullable String lastFailure;

    private boolean everConnected;

    private @Nullable CompletableFuture<Void> opening;

    /**
     * Creates the supervisor; nothing happens before {@link #open(Duration)}.
     * @param options the client's settings
     * @param registry the subscriptions
     * @param buffer where received events go
     * @param lifecycle the lifecycle listeners
     */
    public SessionSupervisor(ClientOptions options, SubscriptionRegistry registry, EventBuffer buffer,
            LifecycleNotifier lifecycle) {
        this.options = options;
        this.registry = registry;
        this.buffer = buffer;
        this.lifecycle = lifecycle;
        this.intake = new EventIntake(registry, buffer, lifecycle);
        BackOff limitBackOff = new BackOff(options.limitBackOffInitial(), options.backOffMax());
        this.recovery = new Recovery(new BackOff(options.backOffInitial(), options.backOffMax()), limitBackOff);
        this.subscriber = new ChannelSubscriber(registry, lifecycle, options.replayFallback(),
                new BackOff(options.backOffInitial(), options.backOffMax()), limitBackOff);
        this.control = Executors.newSingleThreadScheduledExecutor((task) -> daemon(task, "sfstream-session"));
        this.cometdScheduler = Executors.newSingleThreadScheduledExecutor((task) -> daemon(task, "sfstream-cometd"));
        this.httpClient = HttpClients.create(options.http());
        long period = WATCHDOG_PERIOD.toMillis();
        this.control.scheduleWithFixedDelay(() -> runSafely(this::watch), period, period, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Authenticates, handshakes and connects, waiting for the first successful
     * {@code /meta/connect}.
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
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof StreamingException streaming) {
                throw streaming;
            }
            throw new TransportException("Opening the Salesforce streaming session failed", ex.getCause());
        }
        catch (TimeoutException ex) {
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
     * @return the state
     */
    public ConnectionState state() {
        return this.state;
    }

    /**
     * Returns how long the connection has been lost, or {@link Duration#ZERO} while
     * connected.
     * @return the outage so far
     */
    public Duration downFor() {
        long since = this.lostSince;
        return (since == 0 || this.state != ConnectionState.RECONNECTING) ? Duration.ZERO
                : Duration.ofNanos(System.nanoTime() - since);
    }

    /**
     * Subscribes a registered channel in the live session, if there is one and it was not
     * sent yet; otherwise the next session subscribes it.
     * @param subscription the subscription
     */
    public void subscribe(Subscription subscription) {
        execute(() -> {
            BayeuxSession current = this.live;
            if (current != null && current.handshaken) {
                subscribe(current, subscription);
            }
        });
    }

    /**
     * Unsubscribes a channel already removed from the registry.
     * @param subscription the subscription
     */
    public void unsubscribe(Subscription subscription) {
        execute(() -> {
            BayeuxSession current = this.live;
            if (current != null) {
                this.subscriber.unsubscribe(current, subscription, this.unsubscribeReplies);
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
        BayeuxSession session = newSession(current, ++this.generation);
        this.live = session;
        logger.info("Handshaking with {}{}", session.client.getURL(), (reason != null) ? " (" + reason + ")" : "");
        session.client.handshake(new HashMap<>(), (reply) -> execute(() -> onHandshakeReply(session, reply)));
    }

    private BayeuxSession newSession(AccessToken current, long gen) {
        String url = current.instanceUrl() + "/cometd/" + this.options.apiVersion();
        Map<String, Object> transportOptions = new HashMap<>();
        transportOptions.put(ClientTransport.MAX_MESSAGE_SIZE_OPTION, MAX_MESSAGE_SIZE_BYTES);
        BearerTransport transport = new BearerTransport(transportOptions, this.cometdScheduler, this.httpClient,
                this::currentTokenValue, this.options.requestTimeout(), this.options.connectMargin());
        BayeuxClient client = new SupervisedBayeuxClient(url, this.cometdScheduler, transport);
        SessionStreams streams = new SessionStreams(gen);
        ReplayExtension replay = new ReplayExtension((channel) -> this.registry.resumeFrom(channel, streams));
        client.addExtension(replay);
        client.addExtension(new BackPressureExtension(this.buffer, this::execute, streams));
        BayeuxSession session = new BayeuxSession(client, replay, streams);
        client.getChannel(Channel.META_CONNECT)
            .addListener((ClientSessionChannel.MessageListener) (channel, message) -> onConnectReply(session, message));
        client.getChannel(Channel.META_DISCONNECT)
            .addListener((ClientSessionChannel.MessageListener) (channel, message) -> onDisconnectMessage(session));
        client.getChannel("/**").addListener((ClientSessionChannel.MessageListener) (channel, message) -> {
            String restart = this.intake.onMessage(session, message);
            if (restart != null) {
                execute(() -> restartSession(session, restart));
            }
        });
        return session;
    }

    private @Nullable AccessToken authenticate(@Nullable String reason) {
        try {
            AccessToken fresh = this.options.authenticator().authenticate();
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
            Duration delay = this.recovery.afterAuthenticationFailure(error.isTransient());
            logger.warn("Obtaining an access token failed ({}); retrying in {} ms", error.getMessage(),
                    delay.toMillis());
            schedule(() -> startSession(reason), delay);
            return null;
        }
    }

    private void onHandshakeReply(BayeuxSession session, Message reply) {
        if (!isLive(session)) {
            return;
        }
        if (!reply.isSuccessful()) {
            onSessionFailure(session, reply);
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
            subscribe(session, subscription);
        }
    }

    /** On a CometD thread: the usual reply of a connected session goes no further. */
    private void onConnectReply(BayeuxSession session, Message reply) {
        if (!session.isLive()) {
            return;
        }
        if (reply.isSuccessful()) {
            Map<String, Object> advice = reply.getAdvice();
            if (advice != null && !advice.isEmpty() && unusualAdvice(session, advice)) {
                return;
            }
            if (!session.connected) {
                execute(() -> {
                    if (isLive(session) && !session.connected) {
                        onConnected(session);
                    }
                });
            }
        }
        else {
            execute(() -> onSessionFailure(session, reply));
        }
    }

    /**
     * Acts on the advice of a successful connect reply: {@code reconnect: none} means the
     * server ended the session (with a {@code /meta/disconnect} beside it, API 64.0 and
     * later); {@code multiple-clients} means the server saw two long polls of this
     * browser and asks to wait {@code interval} before the next one, which CometD does.
     * @return whether the session ended
     */
    private boolean unusualAdvice(BayeuxSession session, Map<String, Object> advice) {
        if (Message.RECONNECT_NONE_VALUE.equals(advice.get(Message.RECONNECT_FIELD))) {
            execute(() -> onSessionEndedByServer(session,
                    "Salesforce ended the Bayeux session (connect reply with " + "advice reconnect: none)"));
            return true;
        }
        if (Boolean.TRUE.equals(advice.get("multiple-clients")) && !session.multipleClientsReported) {
            session.multipleClientsReported = true;
            logger.warn("Salesforce saw another long poll from this client's browser cookie (advice "
                    + "multiple-clients): waiting {} ms between long polls as advised", advice.get("interval"));
        }
        return false;
    }

    /**
     * A {@code /meta/disconnect} this client did not send: the server ended the session
     * (PROTOCOL section 7).
     */
    private void onDisconnectMessage(BayeuxSession session) {
        if (session.isLive() && !this.closed) {
            execute(() -> onSessionEndedByServer(session, "Salesforce ended the Bayeux session (/meta/disconnect)"));
        }
    }

    private void onSessionEndedByServer(BayeuxSession session, String reason) {
        if (isLive(session)) {
            recover(session, FailureAction.REHANDSHAKE,
                    new ServerException(reason, Channel.META_DISCONNECT, null, null, null));
        }
    }

    private void onConnected(BayeuxSession session) {
        session.connected = true;
        this.recovery.connected(System.nanoTime());
        this.state = ConnectionState.CONNECTED;
        this.lostSince = 0;
        this.lastFailure = null;
        this.everConnected = true;
        logger.info("Connected to Salesforce streaming ({})", session.client.getURL());
        this.lifecycle.connected();
        CompletableFuture<Void> opened = this.opening;
        if (opened != null) {
            this.opening = null;
            opened.complete(null);
        }
    }

    private void onSessionFailure(BayeuxSession session, Message reply) {
        if (isLive(session)) {
            recover(session, ErrorClassifier.classify(reply),
                    ErrorClassifier.toException(reply, describe(reply.getChannel())));
        }
    }

    /**
     * Abandons a failed session and schedules the next one as {@link Recovery} plans it.
     */
    private void recover(BayeuxSession session, FailureAction action, ServerException error) {
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
        Recovery.Plan plan = this.recovery.next(action, System.nanoTime());
        this.lastFailure = error.getMessage();
        if (this.opening != null && plan.failures() > 2) {
            failOpening(error);
            return;
        }
        if (this.opening == null) {
            this.lifecycle.disconnected(error);
        }
        if (plan.newToken()) {
            this.token = null;
        }
        long delay = plan.delay().toMillis();
        switch (plan.step()) {
            case REAUTHENTICATE -> logger.info("Salesforce refused the access token ({}): re-authenticating in {} ms",
                    error.getMessage(), delay);
            case REAUTHENTICATE_REFUSED_AGAIN -> {
                logger.error(
                        "Salesforce still answers '{}' after a new token: the user or connected app cannot use "
                                + "the Streaming API (check API Enabled and the OAuth scopes); retrying in {} ms",
                        error.error(), delay);
                if (failOpening(error)) {
                    return;
                }
                this.lifecycle.authenticationFailed(
                        new AuthenticationException(error.getMessage(), 401, error.error(), error.failureReason()));
            }
            case REHANDSHAKE ->
                logger.info("Bayeux session lost ({}): handshaking again in {} ms", error.getMessage(), delay);
            case LIMIT -> {
                logger.warn("Salesforce limit reached ({}): retrying in {} ms", error.getMessage(), delay);
                this.lifecycle.limitExceeded(error, plan.delay());
            }
            case RECONNECT ->
                logger.info("Connection to Salesforce lost ({}): reconnecting in {} ms", error.getMessage(), delay);
        }
        String reason = error.getMessage();
        schedule(() -> startSession(reason), plan.delay());
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
        BayeuxSession session = this.live;
        if (session != null) {
            abandon(session);
        }
        this.state = ConnectionState.CLOSED;
        opened.completeExceptionally(error);
        return true;
    }

    /**
     * Abandons a live session for a new one that subscribes every channel from its
     * position.
     */
    private void restartSession(BayeuxSession session, String reason) {
        if (!isLive(session)) {
            return;
        }
        logger.info("Starting a new Bayeux session: {}", reason);
        abandon(session);
        this.lastFailure = reason;
        startSession(reason);
    }

    private void abandon(BayeuxSession session) {
        session.end();
        if (this.live == session) {
            this.live = null;
        }
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

    // ---- subscriptions (control thread): the subscriber decides, the supervisor carries
    // out ----

    private void subscribe(BayeuxSession session, Subscription subscription) {
        if (isLive(session)) {
            carryOut(session, this.subscriber.subscribe(session, subscription, this.subscribeReplies));
        }
    }

    private void onSubscribeReply(BayeuxSession session, Subscription subscription, Message reply) {
        if (isLive(session)) {
            carryOut(session, this.subscriber.onSubscribeReply(session, subscription, reply));
        }
    }

    private void onUnsubscribeReply(BayeuxSession session, Subscription subscription, Message reply) {
        if (isLive(session)) {
            carryOut(session, this.subscriber.onUnsubscribeReply(session, subscription, reply));
        }
    }

    private void carryOut(BayeuxSession session, Decision decision) {
        if (decision instanceof Decision.RetryAfter retry) {
            if (retry.delay().isZero()) {
                subscribe(session, retry.subscription());
            }
            else {
                schedule(() -> subscribe(session, retry.subscription()), retry.delay());
            }
        }
        else if (decision instanceof Decision.SubscribeNow now) {
            now.subscriptions().forEach((subscription) -> subscribe(session, subscription));
        }
        else if (decision instanceof Decision.Unsubscribe unsubscribe) {
            this.subscriber.unsubscribe(session, unsubscribe.subscription(), this.unsubscribeReplies);
        }
        else if (decision instanceof Decision.RestartSession restart) {
            restartSession(session, restart.reason());
        }
        else if (decision instanceof Decision.EndSession end) {
            recover(session, end.action(), end.error());
        }
        else if (decision instanceof Decision.FailChannel fail) {
            failChannel(fail.subscription(), fail.error());
        }
    }

    private void failChannel(Subscription subscription, StreamingException error) {
        if (this.registry.remove(subscription.channel()) == null) {
            return;
        }
        logger.warn("{}; the channel is dropped, other channels keep running", error.getMessage());
        this.lifecycle.subscribeFailed(subscription.channel(), error);
        subscription.firstOutcome().completeExceptionally(error);
    }

    /**
     * Looks for a live session whose CometD client stopped without a reply this client
     * acted on; every known way is handled where it happens, so this only guards against
     * going quiet through an unknown one.
     */
    private void watch() {
        BayeuxSession session = this.live;
        if (this.closed || session == null || !session.handshaken) {
            return;
        }
        if (session.client.isDisconnected()) {
            if (session.stoppedSeen) {
                logger.warn("The Bayeux client of the live session stopped without a reply the client acted on; "
                        + "starting a new session");
                recover(session, FailureAction.REHANDSHAKE,
                        new ServerException("the Bayeux client stopped", Channel.META_CONNECT, null, null, null));
            }
            else {
                session.stoppedSeen = true;
            }
        }
    }

    // ---- plumbing ----

    private boolean isLive(BayeuxSession session) {
        return !this.closed && this.live == session && session.isLive();
    }

    private @Nullable String currentTokenValue() {
        AccessToken current = this.token;
        return (current != null) ? current.value() : null;
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
            BayeuxSession session = this.live;
            if (session != null && !this.closed) {
                abandon(session);
                this.state = ConnectionState.RECONNECTING;
                if (this.lostSince == 0) {
                    this.lostSince = System.nanoTime();
                }
                schedule(() -> startSession("recovering from " + ex.getClass().getSimpleName()),
                        this.recovery.afterUnexpectedFailure());
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
     * Disconnects the live session, stops every thread of the supervisor and the HTTP
     * client. Idempotent.
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
                BayeuxSession session = this.live;
                this.live = null;
                if (session != null) {
                    session.end();
                }
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
