package io.sfstream.spring.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.sfstream.core.AuthenticationException;
import io.sfstream.core.ServerException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.spring.listener.DispatchObserver;
import org.jspecify.annotations.Nullable;

/**
 * Remembers what the health indicator reports: the last authentication failure,
 * Salesforce limit or connection failure, and the channels that Salesforce confirmed or
 * refused. Filled by the client's lifecycle callbacks and by the dispatcher when opening
 * fails; cleared when the client connects or the channel subscribes.
 */
public final class StreamingConnectionState implements ClientLifecycleListener, DispatchObserver {

    private volatile @Nullable String authenticationFailure;

    private volatile @Nullable String lastDisconnect;

    private volatile @Nullable String limitExceeded;

    /** {@link System#nanoTime()} when the connection was lost, 0 while connected. */
    private volatile long lostSince;

    private final Map<String, String> failedChannels = new ConcurrentHashMap<>();

    private final Set<String> subscribedChannels = ConcurrentHashMap.newKeySet();

    @Override
    public void connected() {
        this.lostSince = 0;
        this.authenticationFailure = null;
        this.lastDisconnect = null;
        this.limitExceeded = null;
    }

    @Override
    public void openFailed(StreamingException error) {
        if (error instanceof AuthenticationException authentication) {
            authenticationFailed(authentication);
        }
        else if (error instanceof ServerException server
                && (server.error() + " " + server.failureReason()).contains("limit exceeded")) {
            this.limitExceeded = server.getMessage();
        }
        else {
            this.lastDisconnect = "cannot connect: " + error.getMessage();
            lost();
        }
    }

    @Override
    public void limitExceeded(ServerException error, Duration retryIn) {
        this.limitExceeded = error.getMessage() + " (retrying in " + retryIn.toSeconds() + " s)";
    }

    @Override
    public void disconnected(@Nullable Throwable cause) {
        this.lastDisconnect = (cause != null) ? cause.getMessage() : "connection lost";
        lost();
    }

    private void lost() {
        if (this.lostSince == 0) {
            this.lostSince = System.nanoTime();
        }
    }

    /**
     * Returns how long the connection has been lost (or could not be opened), or
     * {@link Duration#ZERO} since it was last connected.
     * @return the outage so far
     */
    public Duration lostFor() {
        long since = this.lostSince;
        return (since == 0) ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    @Override
    public void authenticationFailed(AuthenticationException error) {
        this.authenticationFailure = error.getMessage();
    }

    @Override
    public void subscribed(String channel, ReplayFrom from) {
        this.failedChannels.remove(channel);
        this.subscribedChannels.add(channel);
    }

    @Override
    public void unsubscribed(String channel) {
        this.failedChannels.remove(channel);
        this.subscribedChannels.remove(channel);
    }

    @Override
    public void subscribeFailed(String channel, StreamingException error) {
        this.subscribedChannels.remove(channel);
        this.failedChannels.put(channel, String.valueOf(error.getMessage()));
    }

    /**
     * Returns the channels whose subscription Salesforce confirmed (and that were not
     * unsubscribed since).
     * @return the subscribed channels
     */
    public Set<String> subscribedChannels() {
        return Set.copyOf(this.subscribedChannels);
    }

    /**
     * Returns the last authentication failure since the client was last connected, or
     * {@code null}.
     * @return the failure message, or {@code null}
     */
    public @Nullable String authenticationFailure() {
        return this.authenticationFailure;
    }

    /**
     * Returns the last Salesforce limit (concurrent clients, daily events) that refused
     * the client since it was last connected, or {@code null}.
     * @return the refusal, or {@code null}
     */
    public @Nullable String limitExceeded() {
        return this.limitExceeded;
    }

    /**
     * Returns why the connection was last lost, or {@code null} when connected since.
     * @return the reason, or {@code null}
     */
    public @Nullable String lastDisconnect() {
        return this.lastDisconnect;
    }

    /**
     * Returns the channels Salesforce refused, with the reason.
     * @return channel to reason
     */
    public Map<String, String> failedChannels() {
        return Map.copyOf(this.failedChannels);
    }

}
