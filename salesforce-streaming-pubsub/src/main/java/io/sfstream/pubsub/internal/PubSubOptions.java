package io.sfstream.pubsub.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

import io.grpc.ManagedChannelBuilder;
import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.client.CommitMode;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayStore;
import org.jspecify.annotations.Nullable;

/**
 * Every setting of a {@code PubSubClient}, as its builder validated them. Immutable.
 *
 * @param authenticator obtains access tokens
 * @param host the Pub/Sub API host
 * @param port its port
 * @param plaintext whether to speak HTTP/2 without TLS (loopback only)
 * @param sslContext the TLS context, or {@code null} for the JVM's default trust
 * @param proxy an HTTP CONNECT proxy, or {@code null} for the JVM's proxy selector
 * @param channelBuilder a channel builder replacing host, port and TLS, or {@code null}
 * @param replayStore where committed positions are kept
 * @param defaultReplay where a channel without a committed position starts
 * @param replayFallback what to do when a stored replay id is rejected
 * @param commitMode when positions are committed
 * @param commitBatchCount commits batched before positions reach the store
 * @param commitBatchDelay the longest time a commit waits before it is saved
 * @param connectionTimeout how long receiving and subscribing wait for a lost stream
 * @param maxPendingCount events owed plus buffered per channel, 1 to 100
 * @param backOffInitial the first retry delay
 * @param backOffMax the longest retry delay
 * @param requestTimeout the deadline of unary calls and of the token's org id lookup
 * @param keepaliveTimeout how long an owed stream may stay silent before the watchdog
 * resubscribes
 * @param idleTimeout how long the server lets a stream owe nothing
 * @param traceIds whether every call carries a fresh {@code x-client-trace-id}
 * @param lifecycleListeners the lifecycle listeners
 */
public record PubSubOptions(Authenticator authenticator, String host, int port, boolean plaintext,
        @Nullable SSLContext sslContext, @Nullable InetSocketAddress proxy,
        @Nullable ManagedChannelBuilder<?> channelBuilder, ReplayStore replayStore, ReplayFrom defaultReplay,
        ReplayFallback replayFallback, CommitMode commitMode, int commitBatchCount, Duration commitBatchDelay,
        Duration connectionTimeout, int maxPendingCount, Duration backOffInitial, Duration backOffMax,
        Duration requestTimeout, Duration keepaliveTimeout, Duration idleTimeout, boolean traceIds,
        List<ClientLifecycleListener> lifecycleListeners) {

    /**
     * Copies the listeners.
     * @param authenticator obtains access tokens
     * @param host the host
     * @param port the port
     * @param plaintext whether without TLS
     * @param sslContext the TLS context
     * @param proxy the proxy
     * @param channelBuilder the channel builder
     * @param replayStore the replay store
     * @param defaultReplay the default start
     * @param replayFallback the fallback
     * @param commitMode the commit mode
     * @param commitBatchCount commits per batch
     * @param commitBatchDelay the batch delay
     * @param connectionTimeout the connection timeout
     * @param maxPendingCount the flow control bound
     * @param backOffInitial the first delay
     * @param backOffMax the longest delay
     * @param requestTimeout the unary deadline
     * @param keepaliveTimeout the watchdog's limit
     * @param idleTimeout the server's idle rule
     * @param traceIds whether to send trace ids
     * @param lifecycleListeners the listeners
     */
    public PubSubOptions {
        Objects.requireNonNull(authenticator, "authenticator");
        lifecycleListeners = List.copyOf(lifecycleListeners);
    }

    /**
     * The back-off after an org limit: from 30 times the initial delay (or the maximum)
     * up to the maximum.
     * @return the first delay of the limit back-off
     */
    public Duration limitBackOffInitial() {
        Duration limitInitial = this.backOffInitial.multipliedBy(30);
        return (limitInitial.compareTo(this.backOffMax) < 0) ? limitInitial : this.backOffMax;
    }

    /**
     * The largest response accepted: {@code maxPendingCount} events of up to 1 MB each,
     * plus room (gRPC's default of 4 MiB is too small, PUBSUB section 2).
     * @return bytes
     */
    public int maxInboundMessageSize() {
        return (this.maxPendingCount + 4) * 1024 * 1024;
    }

}
