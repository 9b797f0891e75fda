package io.sfstream.emulator.internal.pubsub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sfstream.emulator.EmulatorClock;
import io.sfstream.emulator.internal.bayeux.EventBus;
import io.sfstream.emulator.internal.events.ChannelCatalog;
import io.sfstream.emulator.internal.org.AccessTokens;
import org.jspecify.annotations.Nullable;

/**
 * The emulated org's Pub/Sub API servers: one in-process (grpc-java's in-process
 * transport, found by {@link #inProcessName()}) and one on a loopback port (Netty,
 * plaintext), both serving the same {@link PubSubService}, which receives every event the
 * org publishes. {@link #start(int)} and {@link #stop()} follow the emulator's HTTP
 * server (the same port again on a restart); the topics, schemas and faults survive.
 *
 * <p>
 * Start and stop from one thread; the rest is thread-safe.
 */
public final class PubSubServer {

    private final PubSubService service;

    private final ServerServiceDefinition definition;

    private final String bindHost;

    private final String inProcessName = "sfstream-emulator-" + UUID.randomUUID();

    private @Nullable Server inProcess;

    private @Nullable Server netty;

    private volatile int port;

    /**
     * Creates the servers (not started) and listens to the org's publishes.
     * @param bus the org's events
     * @param catalog the declared channels
     * @param clock the org's clock (retention)
     * @param tokens the issued tokens ({@code accesstoken} header)
     * @param orgId the org id ({@code tenantid} header)
     * @param instanceUrls the org's instance URLs ({@code instanceurl} header)
     * @param bindHost the address the port listens on
     * @param keepalivePeriod how long an owing stream stays silent before a keepalive
     * @param idleTimeout how long a stream may owe nothing before it is closed
     */
    public PubSubServer(EventBus bus, ChannelCatalog catalog, EmulatorClock clock, AccessTokens tokens, String orgId,
            Supplier<List<URI>> instanceUrls, String bindHost, Duration keepalivePeriod, Duration idleTimeout) {
        this.service = new PubSubService(catalog, clock, tokens, orgId, keepalivePeriod, idleTimeout);
        this.definition = ServerInterceptors.intercept(this.service, new CallerCheck(tokens, orgId, instanceUrls));
        this.bindHost = bindHost;
        bus.addPublishListener(this.service.logs());
    }

    /**
     * Starts both servers.
     * @param requestedPort the port, {@code 0} for a free one
     * @throws IllegalStateException when the port cannot be bound
     */
    public void start(int requestedPort) {
        try {
            this.inProcess = InProcessServerBuilder.forName(this.inProcessName)
                .addService(this.definition)
                .build()
                .start();
            this.netty = NettyServerBuilder.forAddress(new InetSocketAddress(this.bindHost, requestedPort))
                .addService(this.definition)
                .build()
                .start();
            this.port = this.netty.getPort();
        }
        catch (IOException ex) {
            stop();
            throw new IllegalStateException("Could not start the Pub/Sub API server on port " + requestedPort, ex);
        }
    }

    /** Stops both servers; open streams end with {@code UNAVAILABLE}. */
    public void stop() {
        this.service.endAll();
        for (Server server : new Server[] { this.inProcess, this.netty }) {
            if (server != null) {
                server.shutdownNow();
                try {
                    server.awaitTermination(5, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        this.inProcess = null;
        this.netty = null;
    }

    /** Stops the servers and the service's thread for good. */
    public void close() {
        stop();
        this.service.close();
    }

    /**
     * Returns the port of the Netty server (kept after {@link #stop()}).
     * @return the port
     */
    public int port() {
        return this.port;
    }

    /**
     * Returns the name of the in-process server.
     * @return the name for {@code InProcessChannelBuilder.forName}
     */
    public String inProcessName() {
        return this.inProcessName;
    }

    /**
     * Returns how many {@code Subscribe} streams are open.
     * @return the count
     */
    public int openStreams() {
        return this.service.openStreams();
    }

    /**
     * Arms a corrupted-replay-id failure for the next subscribe that starts from a replay
     * id.
     */
    public void corruptNextReplayId() {
        this.service.faults().corruptNextReplayId();
    }

    /**
     * Ends every open stream with {@code UNAUTHENTICATED} ({@code service.auth.error}).
     */
    public void authError() {
        this.service.end((stream) -> true, () -> PubSubErrors.error(io.grpc.Status.UNAUTHENTICATED,
                PubSubErrors.AUTH_ERROR, "Authentication failed"));
    }

    /** Ends the streams whose access token was revoked. */
    public void endStreamsOfRevokedTokens() {
        this.service.endStreamsOfRevokedTokens();
    }

    /**
     * Makes the service unavailable for a period: open streams end with
     * {@code UNAVAILABLE} ({@code service.unavailable}), calls fail the same way.
     * @param period how long
     */
    public void unavailable(Duration period) {
        this.service.faults().unavailableFor(period);
        this.service.end((stream) -> true, PubSubErrors::unavailable);
    }

    /**
     * Makes the org's limit exceeded for a period: open streams end with
     * {@code RESOURCE_EXHAUSTED}, calls fail the same way.
     * @param period how long
     */
    public void limitExceeded(Duration period) {
        this.service.faults().limitExceededFor(period);
        this.service.end((stream) -> true, PubSubErrors::limitExceeded);
    }

    /** Resets every open stream: {@code UNAVAILABLE} without an {@code error-code}. */
    public void resetStreams() {
        this.service.end((stream) -> true,
                () -> io.grpc.Status.UNAVAILABLE.withDescription("RST_STREAM closed stream. HTTP/2 error code: CANCEL")
                    .asRuntimeException(PubSubErrors.trailers(null)));
    }

    /** Silences every open stream: no event, no keepalive, no error; new streams work. */
    public void stopKeepalives() {
        this.service.silenceStreams();
    }

    /**
     * Denies a topic: open streams of it end with {@code PERMISSION_DENIED}, and so do
     * subscribes, until {@link #resetFaults()}.
     * @param topic the topic
     */
    public void denyTopic(String topic) {
        this.service.faults().deny(topic);
        this.service.end((stream) -> topic.equals(stream.topic()),
                () -> PubSubErrors.error(io.grpc.Status.PERMISSION_DENIED, PubSubErrors.TOPIC_PERMISSION_DENIED,
                        "Permission denied: " + topic));
    }

    /** Clears the armed Pub/Sub faults. */
    public void resetFaults() {
        this.service.faults().reset();
    }

}
