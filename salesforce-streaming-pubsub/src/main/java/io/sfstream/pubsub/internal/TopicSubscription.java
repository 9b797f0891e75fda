package io.sfstream.pubsub.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.sfstream.core.AuthenticationException;
import io.sfstream.core.ReplayException;
import io.sfstream.core.ServerException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayKey;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.support.BackOff;
import io.sfstream.pubsub.internal.proto.ConsumerEvent;
import io.sfstream.pubsub.internal.proto.FetchRequest;
import io.sfstream.pubsub.internal.proto.FetchResponse;
import io.sfstream.pubsub.internal.proto.ReplayPreset;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscribed channel: its {@code Subscribe} stream, replaced after every failure, its
 * flow control and its positions.
 *
 * <p>
 * Flow control (PUBSUB section 3): what the server owes this stream plus this channel's
 * events waiting in the queue never exceeds {@code maxPendingCount}. Credit is asked for
 * when an event is received or taken and the room is at least half the bound, or nothing
 * is owed at all; so the next batch is requested while the consumer works on the one
 * before, and the server's 60 s idle rule never sees a stream that owes nothing while
 * there is room. With the queue full of this channel's events (a stalled consumer) and
 * nothing owed for three quarters of the idle timeout, the stream is ended by the client
 * ("parked") and opened again from the last event received as soon as the consumer makes
 * room: memory stays bounded, nothing is skipped, and the idle rule never closes it.
 *
 * <p>
 * Positions: a new stream resumes after the last event received, or after the newer
 * {@code latest_replay_id} of a keepalive; without either, from the stored position
 * (committed) or the configured start. A keepalive's id is also committed when nothing of
 * this channel is buffered or taken and not committed. The watchdog resubscribes when an
 * owed stream sends neither an event nor a keepalive for the keepalive timeout.
 *
 * <p>
 * Errors (PUBSUB section 5): {@code UNAUTHENTICATED}: new token, resubscribe;
 * {@code replayid.corrupted}: the replay fallback, once per rejected id, logged as a gap;
 * {@code RESOURCE_EXHAUSTED}: long back-off, reported as a limit; {@code NOT_FOUND},
 * {@code PERMISSION_DENIED}, other {@code INVALID_ARGUMENT}s: the channel fails; anything
 * else (UNAVAILABLE, INTERNAL, a reset, a stream the server completed): back-off,
 * resubscribe.
 *
 * <p>
 * Threads: gRPC's threads only hand responses and errors to the intake thread, which
 * decodes events (fetching schemas) and queues them; the scheduler thread opens streams,
 * re-authenticates and runs the watchdog; consumers call {@link #taken}. State is guarded
 * by the instance's lock; nothing blocking runs under it.
 */
final class TopicSubscription {

    private static final Logger logger = LoggerFactory.getLogger(TopicSubscription.class);

    /**
     * How long an open stream without an error counts as subscribed when nothing came.
     */
    static final Duration SUBSCRIBE_SETTLE = Duration.ofSeconds(3);

    private final PubSubConnection connection;

    private final String channel;

    private final String key;

    private final ChannelKind kind;

    private final ReplayFrom initial;

    private final int maxPending;

    private final BackOff backOff;

    private final BackOff limitBackOff;

    private final CompletableFuture<Void> firstOutcome = new CompletableFuture<>();

    private State state = State.WAITING;

    /**
     * Bumped by every new stream and every stream abandoned: callbacks of older ones are
     * ignored.
     */
    private int generation;

    private @Nullable Attempt attempt;

    /**
     * Where a stream starts when nothing was received: stored position, default, or
     * fallback.
     */
    private Start start;

    /** The last event received or the newer keepalive id: where a new stream resumes. */
    private @Nullable ReplayId received;

    private int owed;

    private int buffered;

    private @Nullable ReplayId lastTaken;

    private @Nullable ReplayId lastCommitted;

    private long lastActivityNanos = System.nanoTime();

    private long nothingOwedSinceNanos = System.nanoTime();

    private long attemptStartNanos = System.nanoTime();

    private long downSinceNanos = System.nanoTime();

    /**
     * Whether a failure ended the last stream: its successor's first response reports
     * {@code connected()}.
     */
    private boolean recovering;

    /** UNAUTHENTICATED errors since the last working stream. */
    private int unauthenticatedInARow;

    enum State {

        /** A stream is open (or being opened). */
        STREAMING,
        /** Waiting: back-off, new token, or the first stream not opened yet. */
        WAITING,
        /** Ended by the client while the queue is full of this channel's events. */
        PARKED,
        /** Failed for good; removed from the client. */
        FAILED,
        /** Unsubscribed or the client closed. */
        CLOSED

    }

    /**
     * Where a stream starts.
     *
     * @param preset LATEST, EARLIEST or CUSTOM
     * @param replayId the id a CUSTOM start resumes after
     */
    record Start(ReplayPreset preset, @Nullable ReplayId replayId) {

        @Override
        public String toString() {
            return (this.preset == ReplayPreset.CUSTOM) ? "after " + this.replayId : this.preset.name();
        }

    }

    TopicSubscription(PubSubConnection connection, String channel, ChannelKind kind, ReplayFrom initial,
            @Nullable ReplayPosition stored) {
        this.connection = connection;
        this.channel = channel;
        this.key = ReplayKey.of(channel);
        this.kind = kind;
        this.initial = initial;
        PubSubOptions options = connection.options();
        this.maxPending = options.maxPendingCount();
        this.backOff = new BackOff(options.backOffInitial(), options.backOffMax());
        this.limitBackOff = new BackOff(options.limitBackOffInitial(), options.backOffMax());
        this.start = preset(initial);
        if (stored != null) {
            if (stored.replayId().isNumeric()) {
                logger.warn("The stored position of {} is a replay id of the CometD Streaming API ({}), which the "
                        + "Pub/Sub API cannot resume from: starting from {} instead (the channel moved transports)",
                        channel, stored.replayId(), this.start);
            }
            else {
                this.start = new Start(ReplayPreset.CUSTOM, stored.replayId());
                this.lastCommitted = stored.replayId();
            }
        }
    }

    static Start preset(ReplayFrom from) {
        if (from.equals(ReplayFrom.ALL_EVENTS)) {
            return new Start(ReplayPreset.EARLIEST, null);
        }
        if (from.equals(ReplayFrom.NEW_EVENTS)) {
            return new Start(ReplayPreset.LATEST, null);
        }
        throw new IllegalArgumentException("Replay start " + from + " is a CometD replay id: the Pub/Sub API starts "
                + "from NEW_EVENTS (LATEST), ALL_EVENTS (EARLIEST) or a stored opaque replay id");
    }

    String channel() {
        return this.channel;
    }

    String key() {
        return this.key;
    }

    CompletableFuture<Void> firstOutcome() {
        return this.firstOutcome;
    }

    synchronized State state() {
        return this.state;
    }

    /** How long the channel has had no working stream, zero while it has one. */
    synchronized Duration downFor() {
        return (this.state == State.WAITING) ? Duration.ofNanos(System.nanoTime() - this.downSinceNanos)
                : Duration.ZERO;
    }

    /**
     * Owed to this channel's stream plus buffered in the queue, for tests of the bound.
     */
    synchronized int outstanding() {
        return this.owed + this.buffered;
    }

    // ---- streams ----------------------------------------------------------------------

    /** Opens a stream now (scheduler or caller thread). */
    void open() {
        Credentials.Session session;
        try {
            session = this.connection.credentials().current();
        }
        catch (AuthenticationException ex) {
            this.connection.lifecycle().authenticationFailed(ex);
            retryLater(this.backOff.next(), "no access token: " + ex.getMessage(), ex);
            return;
        }
        catch (RuntimeException ex) {
            // A custom authenticator's or an unexpected failure: never end the channel
            // silently.
            logger.warn("Getting the access token for {} failed: {}", this.channel, ex.toString());
            retryLater(this.backOff.next(), "no access token: " + ex, ex);
            return;
        }
        synchronized (this) {
            if (this.state == State.CLOSED || this.state == State.FAILED || this.state == State.STREAMING) {
                return;
            }
            int credit = this.maxPending - this.buffered;
            if (credit <= 0) {
                this.state = State.PARKED;
                return;
            }
            Start from = (this.received != null) ? new Start(ReplayPreset.CUSTOM, this.received) : this.start;
            Attempt opened = new Attempt(++this.generation, session, from);
            this.attempt = opened;
            this.state = State.STREAMING;
            this.owed = credit;
            long now = System.nanoTime();
            this.lastActivityNanos = now;
            this.attemptStartNanos = now;
            this.connection.stub().withInterceptors(this.connection.credentials().headers(session)).subscribe(opened);
            FetchRequest.Builder first = FetchRequest.newBuilder()
                .setTopicName(this.channel)
                .setReplayPreset(from.preset())
                .setNumRequested(credit);
            if (from.replayId() != null) {
                first.setReplayId(ByteString.copyFrom(from.replayId().toByteArray()));
            }
            send(opened, first.build());
            logger.debug("Subscribe stream {} of {} opened from {} asking for {}", opened.generation, this.channel,
                    from, credit);
        }
    }

    private void send(Attempt target, FetchRequest request) {
        ClientCallStreamObserver<FetchRequest> requests = target.requests;
        if (requests == null) {
            return;
        }
        try {
            requests.onNext(request);
        }
        catch (RuntimeException ex) {
            logger.debug("Sending a FetchRequest on {} failed: {}", this.channel, ex.toString());
        }
    }

    /**
     * Ends the current stream from the client's side; its callbacks are ignored from now
     * on.
     */
    private void abandon(String why) {
        Attempt current = this.attempt;
        this.attempt = null;
        this.generation++;
        this.owed = 0;
        if (current != null && current.requests != null) {
            try {
                current.requests.cancel(why, null);
            }
            catch (RuntimeException ex) {
                logger.trace("Cancelling a stream failed", ex);
            }
        }
    }

    /**
     * Ends the current stream and waits, without scheduling a new one; returns the
     * generation waited in.
     */
    private synchronized int pause(String why) {
        if (this.state == State.CLOSED || this.state == State.FAILED) {
            return -1;
        }
        if (this.state != State.WAITING) {
            this.downSinceNanos = System.nanoTime();
        }
        abandon(why);
        this.state = State.WAITING;
        this.recovering = true;
        return this.generation;
    }

    private void retryLater(Duration delay, String why, @Nullable Throwable cause) {
        int waitingFor = pause(why);
        if (waitingFor < 0) {
            return;
        }
        logger.debug("Resubscribing {} in {} ms ({})", this.channel, delay.toMillis(), why);
        schedule(delay, () -> {
            synchronized (this) {
                if (this.generation != waitingFor || this.state != State.WAITING) {
                    return;
                }
            }
            open();
        });
    }

    private void schedule(Duration delay, Runnable task) {
        try {
            this.connection.scheduler().schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            logger.trace("Client closed: not resubscribing {}", this.channel);
        }
    }

    // ---- intake thread ----------------------------------------------------------------

    private void onResponse(Attempt from, FetchResponse response) {
        synchronized (this) {
            if (from.generation != this.generation || this.state != State.STREAMING) {
                return;
            }
        }
        for (ConsumerEvent received : response.getEventsList()) {
            DecodedEvent event;
            try {
                event = this.connection.decoder().decode(this.channel, this.kind, received);
            }
            catch (EventDecoder.SchemaUnavailableException ex) {
                logger.warn("{} on {}: resubscribing from the last event received", ex.getMessage(), this.channel);
                // Reported, so that health turns DOWN after its grace period if it lasts.
                this.connection.lifecycle().disconnected(ex);
                retryLater(this.backOff.next(), "schema unavailable", ex);
                return;
            }
            catch (EventDecoder.MalformedEventException ex) {
                ReplayId skipped = received.getReplayId().isEmpty() ? null
                        : ReplayId.ofBytes(received.getReplayId().toByteArray());
                logger.error("Malformed event {} on {}: {}; skipped", (skipped != null) ? skipped : "(no replay id)",
                        this.channel, ex.getMessage());
                this.connection.lifecycle().malformedEvent(this.channel, ex.getMessage());
                synchronized (this) {
                    if (from.generation != this.generation) {
                        return;
                    }
                    if (skipped != null) {
                        this.received = skipped;
                    }
                    this.owed = Math.max(0, this.owed - 1);
                }
                continue;
            }
            synchronized (this) {
                if (from.generation != this.generation || this.state != State.STREAMING) {
                    return;
                }
                if (!this.connection.queue().add(event)) {
                    return;
                }
                this.buffered++;
                this.received = event.replayId();
                this.owed = Math.max(0, this.owed - 1);
            }
        }
        boolean first;
        boolean recovered;
        synchronized (this) {
            if (from.generation != this.generation || this.state != State.STREAMING) {
                return;
            }
            first = !from.working;
            recovered = first && streamWorks(from);
            this.lastActivityNanos = System.nanoTime();
            if (this.owed == 0) {
                this.nothingOwedSinceNanos = this.lastActivityNanos;
            }
            if (response.getEventsCount() == 0 && !response.getLatestReplayId().isEmpty()) {
                keepalive(ReplayId.ofBytes(response.getLatestReplayId().toByteArray()));
            }
            topUp();
        }
        if (first) {
            working(recovered);
        }
    }

    /**
     * Marks the attempt as working (its first response came, or it stood without an error
     * for {@link #SUBSCRIBE_SETTLE}); call with the lock held.
     * @return whether the channel was recovering from a failure
     */
    private boolean streamWorks(Attempt from) {
        from.working = true;
        this.unauthenticatedInARow = 0;
        boolean recovered = this.recovering;
        this.recovering = false;
        return recovered;
    }

    /** What a working stream means to the channel; without the lock. */
    private void working(boolean recovered) {
        this.backOff.reset();
        this.limitBackOff.reset();
        if (recovered) {
            logger.info("The Pub/Sub stream of {} is back", this.channel);
            this.connection.lifecycle().connected();
        }
        accepted();
    }

    private void keepalive(ReplayId latest) {
        if (this.received != null && !latest.isAfter(this.received)) {
            return;
        }
        this.received = latest;
        if (nothingPending()) {
            this.connection.committer().commit(this.key, new ReplayPosition(latest, null));
            this.lastCommitted = latest;
        }
    }

    private boolean nothingPending() {
        ReplayId taken = this.lastTaken;
        return this.buffered == 0
                && (taken == null || (this.lastCommitted != null && !taken.isAfter(this.lastCommitted)));
    }

    private void accepted() {
        if (this.firstOutcome.complete(null)) {
            logger.info("Subscribed to {} over the Pub/Sub API", this.channel);
        }
        this.connection.lifecycle().subscribed(this.channel, this.initial);
    }

    private void topUp() {
        Attempt current = this.attempt;
        if (this.state != State.STREAMING || current == null) {
            return;
        }
        int room = this.maxPending - this.owed - this.buffered;
        if (room > 0 && (this.owed == 0 || room >= (this.maxPending + 1) / 2)) {
            if (this.owed == 0) {
                this.lastActivityNanos = System.nanoTime();
            }
            this.owed += room;
            send(current, FetchRequest.newBuilder().setNumRequested(room).build());
        }
    }

    private void onFailure(Attempt from, Throwable error) {
        synchronized (this) {
            if (from.generation != this.generation || this.state != State.STREAMING) {
                return;
            }
        }
        Status status = Status.fromThrowable(error);
        Metadata trailers = Status.trailersFromThrowable(error);
        String code = (trailers != null) ? trailers.get(PubSubConnection.ERROR_CODE) : null;
        String rpcId = (trailers != null) ? trailers.get(PubSubConnection.RPC_ID) : null;
        String what = status.getCode() + ((code != null) ? " " + code : "")
                + ((status.getDescription() != null) ? ": " + status.getDescription() : "")
                + ((rpcId != null) ? " (rpc-id " + rpcId + ")" : "");
        switch (status.getCode()) {
            case UNAUTHENTICATED -> {
                // A new token at once the first time; when new tokens are refused too (a
                // wrong org id or instance URL, a revoked user), with back-off.
                Duration delay;
                synchronized (this) {
                    delay = (this.unauthenticatedInARow++ == 0) ? Duration.ZERO : this.backOff.next();
                }
                logger.info("The Pub/Sub API refused the token on {} ({}): getting a new one in {} ms", this.channel,
                        what, delay.toMillis());
                pause("token refused");
                schedule(delay, () -> reauthenticate(from.session));
            }
            case INVALID_ARGUMENT -> {
                if (replayIdCorrupted(code, status.getDescription(), from.start.replayId())) {
                    replayIdRejected(from, what);
                }
                else {
                    fail(new ServerException(
                            "The Pub/Sub API refused the subscription of " + this.channel + ": " + what
                                    + " (a client bug: please report it)",
                            PubSubConnection.SUBSCRIBE, this.channel, code, status.getDescription()));
                }
            }
            case NOT_FOUND, PERMISSION_DENIED -> fail(new ServerException("The Pub/Sub API refused the subscription "
                    + "of " + this.channel + ": " + what + ". Check the topic name (platform events /event/Name__e, "
                    + "change events /data/NameChangeEvent or /data/ChangeEvents, channels /event/Name__chn) and the "
                    + "user's permissions", PubSubConnection.SUBSCRIBE, this.channel, code, status.getDescription()));
            case RESOURCE_EXHAUSTED -> {
                Duration delay = this.limitBackOff.next();
                logger.warn("Pub/Sub API limit on {} ({}): retrying in {} s", this.channel, what, delay.toSeconds());
                this.connection.lifecycle()
                    .limitExceeded(new ServerException("Pub/Sub API limit exceeded on " + this.channel + ": " + what,
                            PubSubConnection.SUBSCRIBE, this.channel, code, status.getDescription()), delay);
                retryLater(delay, "limit exceeded", error);
            }
            default -> {
                Duration delay = this.backOff.next();
                logger.warn("The Pub/Sub stream of {} ended ({}): resubscribing in {} ms", this.channel, what,
                        delay.toMillis());
                this.connection.lifecycle().disconnected(error);
                retryLater(delay, what, error);
            }
        }
    }

    /**
     * Whether an INVALID_ARGUMENT rejects the replay id: by its error code, or, as
     * infrastructure errors may carry none, by its message when the stream started from
     * an id.
     */
    static boolean replayIdCorrupted(@Nullable String code, @Nullable String description,
            @Nullable ReplayId startedFrom) {
        if (code != null) {
            return code.endsWith("replayid.corrupted");
        }
        return startedFrom != null && description != null
                && description.toLowerCase(Locale.ROOT).contains("replay id validation failed");
    }

    private void reauthenticate(Credentials.Session refused) {
        try {
            this.connection.credentials().refresh(refused, () -> this.connection.lifecycle().reauthenticated());
        }
        catch (RuntimeException ex) {
            Duration delay = this.backOff.next();
            logger.warn("Getting a new access token for {} failed ({}); retrying in {} ms", this.channel, ex,
                    delay.toMillis());
            if (ex instanceof AuthenticationException refusal) {
                this.connection.lifecycle().authenticationFailed(refusal);
            }
            pause("authentication failed");
            schedule(delay, () -> reauthenticate(refused));
            return;
        }
        synchronized (this) {
            if (this.state != State.WAITING) {
                return;
            }
            this.generation++;
        }
        open();
    }

    private void replayIdRejected(Attempt from, String what) {
        ReplayId rejected = from.start.replayId();
        ReplayFallback fallback = this.connection.options().replayFallback();
        if (rejected == null) {
            retryLater(this.backOff.next(), what, null);
            return;
        }
        if (fallback == ReplayFallback.FAIL) {
            fail(new ReplayException("The Pub/Sub API rejected the replay id " + rejected + " of " + this.channel + " ("
                    + what + "): it expired (older than 72 hours) or belongs elsewhere, and the replay "
                    + "fallback is FAIL. Remove the channel's position from the replay store, or choose the "
                    + "ALL_EVENTS or NEW_EVENTS fallback"));
            return;
        }
        Start fallbackStart = preset(
                (fallback == ReplayFallback.ALL_EVENTS) ? ReplayFrom.ALL_EVENTS : ReplayFrom.NEW_EVENTS);
        synchronized (this) {
            // Forget the rejected id: no later stream starts from it, so it is never sent
            // again.
            this.received = null;
            this.start = fallbackStart;
            // And its committed position: the new start's ids may sort before it, and a
            // position that never moves would be rejected again at every start.
            this.lastCommitted = null;
            this.connection.committer().restart(this.key);
        }
        logger.warn(
                "REPLAY GAP on {}: the Pub/Sub API rejected replay id {} ({}); resuming from {} (replay "
                        + "fallback {}): events published between that id and the new start are skipped",
                this.channel, rejected, what, fallbackStart, fallback);
        this.connection.lifecycle().replayFallbackApplied(this.channel, rejected, fallback);
        retryLater(Duration.ZERO, "replay fallback", null);
    }

    private void fail(StreamingException error) {
        synchronized (this) {
            if (this.state == State.CLOSED || this.state == State.FAILED) {
                return;
            }
            abandon("failed");
            this.state = State.FAILED;
        }
        logger.error("Subscription to {} failed: {}", this.channel, error.getMessage());
        // Out of the subscriptions before subscribe() learns of the failure: a caller
        // that sees the exception never sees the channel still listed.
        this.connection.failed(this);
        this.firstOutcome.completeExceptionally(error);
        this.connection.lifecycle().subscribeFailed(this.channel, error);
    }

    // ---- consumer and scheduler threads -----------------------------------------------

    /** An event of this channel was taken from the queue (consumer thread). */
    void taken(DecodedEvent event) {
        boolean resume;
        synchronized (this) {
            this.buffered = Math.max(0, this.buffered - 1);
            this.lastTaken = event.replayId();
            resume = this.state == State.PARKED && this.maxPending - this.buffered >= (this.maxPending + 1) / 2;
            if (resume) {
                this.state = State.WAITING;
                this.generation++;
            }
            else {
                topUp();
            }
        }
        if (resume) {
            logger.debug("Resuming the parked stream of {}: the consumer made room", this.channel);
            schedule(Duration.ZERO, this::open);
        }
    }

    /** An event of this channel was committed (consumer thread). */
    synchronized void committed(ReplayId replayId) {
        if (this.lastCommitted == null || replayId.isAfter(this.lastCommitted)) {
            this.lastCommitted = replayId;
        }
    }

    /** The watchdog (scheduler thread). */
    void tick() {
        String resubscribe = null;
        boolean settled = false;
        boolean settledRecovered = false;
        synchronized (this) {
            if (this.state != State.STREAMING || this.attempt == null) {
                return;
            }
            long now = System.nanoTime();
            PubSubOptions options = this.connection.options();
            if (!this.attempt.working && now - this.attemptStartNanos > SUBSCRIBE_SETTLE.toNanos()) {
                // No error in the settle time: the stream works, whether or not the
                // server sent anything yet (keepalives may take 270 s).
                settled = true;
                settledRecovered = streamWorks(this.attempt);
            }
            if (this.owed > 0 && now - this.lastActivityNanos > options.keepaliveTimeout().toNanos()) {
                resubscribe = "neither an event nor a keepalive for " + options.keepaliveTimeout().toSeconds()
                        + " s while " + this.owed + " event(s) were owed";
            }
            else if (this.owed == 0 && this.buffered >= this.maxPending
                    && now - this.nothingOwedSinceNanos > options.idleTimeout().toNanos() * 3 / 4) {
                logger.info(
                        "Parking the stream of {}: the consumer has not taken its {} buffered event(s) for {} s; "
                                + "it resumes after the last event received when the consumer makes room",
                        this.channel, this.buffered, Duration.ofNanos(now - this.nothingOwedSinceNanos).toSeconds());
                abandon("parked: the consumer is slow");
                this.state = State.PARKED;
                return;
            }
        }
        if (settled) {
            working(settledRecovered);
        }
        if (resubscribe != null) {
            logger.warn("Keepalive watchdog: the stream of {} went silent ({}): resubscribing from {}", this.channel,
                    resubscribe, resumePoint());
            this.connection.lifecycle().disconnected(null);
            retryLater(Duration.ZERO, "keepalive watchdog", null);
        }
    }

    private synchronized String resumePoint() {
        return (this.received != null) ? "after " + this.received : this.start.toString();
    }

    /** Stops for good (unsubscribe, close). */
    void close() {
        synchronized (this) {
            abandon("unsubscribed");
            this.state = State.CLOSED;
            this.buffered = 0;
        }
        this.firstOutcome.cancel(false);
    }

    /**
     * A {@code Subscribe} call and its callbacks, which only hand work to the intake
     * thread.
     */
    final class Attempt implements ClientResponseObserver<FetchRequest, FetchResponse> {

        final int generation;

        final Credentials.Session session;

        final Start start;

        volatile @Nullable ClientCallStreamObserver<FetchRequest> requests;

        /**
         * Whether the stream works: a response came, or no error in the settle time; read
         * and written under the subscription's lock.
         */
        boolean working;

        Attempt(int generation, Credentials.Session session, Start start) {
            this.generation = generation;
            this.session = session;
            this.start = start;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<FetchRequest> requestStream) {
            this.requests = requestStream;
        }

        @Override
        public void onNext(FetchResponse response) {
            TopicSubscription.this.connection.intake(() -> onResponse(this, response));
        }

        @Override
        public void onError(Throwable error) {
            TopicSubscription.this.connection.intake(() -> onFailure(this, error));
        }

        @Override
        public void onCompleted() {
            TopicSubscription.this.connection.intake(() -> onFailure(this,
                    Status.UNAVAILABLE.withDescription("the server completed the stream").asRuntimeException()));
        }

    }

}
