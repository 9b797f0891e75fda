package io.sfstream.core.client.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.client.CommitMode;
import io.sfstream.core.http.HttpSettings;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayStore;

/**
 * Every setting of a {@link io.sfstream.core.client.StreamingClient}, as its builder
 * validated them. Immutable: it travels whole from the builder to the parts that read it.
 *
 * @param authenticator obtains access tokens
 * @param apiVersion the Streaming API version, 37.0 or later
 * @param replayStore where committed positions are kept
 * @param defaultReplay where a channel without a committed position starts
 * @param replayFallback what to do when a stored replay id has expired
 * @param commitMode when positions are committed
 * @param commitBatchCount commits batched before positions reach the store
 * @param commitBatchDelay the longest time a commit waits before it is saved
 * @param connectionTimeout how long receiving waits for a lost connection before it
 * reports a timeout (zero: never)
 * @param maxPendingCount events buffered before the long poll waits
 * @param backOffInitial the first reconnection delay
 * @param backOffMax the longest reconnection delay
 * @param requestTimeout how long a request other than {@code /meta/connect} may go
 * unanswered
 * @param lifecycleListeners the listeners of the session's lifecycle
 * @param http the proxy, TLS context and connect timeout of Bayeux requests
 */
public record ClientOptions(Authenticator authenticator, String apiVersion, ReplayStore replayStore,
        ReplayFrom defaultReplay, ReplayFallback replayFallback, CommitMode commitMode, int commitBatchCount,
        Duration commitBatchDelay, Duration connectionTimeout, int maxPendingCount, Duration backOffInitial,
        Duration backOffMax, Duration requestTimeout, List<ClientLifecycleListener> lifecycleListeners,
        HttpSettings http) {

    /**
     * How long a {@code /meta/connect} may go unanswered beyond the hold Salesforce
     * advised (110 s), unless the request timeout is shorter: a dead long poll goes
     * unnoticed for about two minutes at most (PROTOCOL sections 2 and 7).
     */
    public static final Duration CONNECT_MARGIN = Duration.ofSeconds(10);

    /**
     * Copies the listeners.
     * @param authenticator obtains access tokens
     * @param apiVersion the Streaming API version
     * @param replayStore the replay store
     * @param defaultReplay the default start
     * @param replayFallback the fallback
     * @param commitMode the commit mode
     * @param commitBatchCount commits per batch
     * @param commitBatchDelay the batch delay
     * @param connectionTimeout the connection timeout
     * @param maxPendingCount the buffer bound
     * @param backOffInitial the first delay
     * @param backOffMax the longest delay
     * @param requestTimeout the request timeout
     * @param lifecycleListeners the listeners
     * @param http the proxy, TLS context and connect timeout
     */
    public ClientOptions {
        Objects.requireNonNull(authenticator, "authenticator");
        lifecycleListeners = List.copyOf(lifecycleListeners);
        Objects.requireNonNull(http, "http");
    }

    /**
     * How long a {@code /meta/connect} may go unanswered beyond the advised hold.
     * @return the shorter of {@link #CONNECT_MARGIN} and the request timeout
     */
    public Duration connectMargin() {
        return (this.requestTimeout.compareTo(CONNECT_MARGIN) < 0) ? this.requestTimeout : CONNECT_MARGIN;
    }

    /**
     * The back-off after an org limit refused the client: from 30 times the initial delay
     * (or the maximum, if smaller) up to the maximum.
     * @return the first delay of the limit back-off
     */
    public Duration limitBackOffInitial() {
        Duration limitInitial = this.backOffInitial.multipliedBy(30);
        return (limitInitial.compareTo(this.backOffMax) < 0) ? limitInitial : this.backOffMax;
    }
}
