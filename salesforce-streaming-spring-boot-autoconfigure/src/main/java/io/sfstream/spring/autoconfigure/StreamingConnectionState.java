package io.sfstream.spring.autoconfigure;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.sfstream.core.AuthenticationException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.replay.ReplayFrom;
import org.jspecify.annotations.Nullable;

/**
 * Remembers what the health indicator reports: the last authentication failure and the channels that Salesforce
 * refused. Filled by the client's lifecycle callbacks; cleared when the client connects or the channel subscribes.
 */
public final class StreamingConnectionState implements ClientLifecycleListener {

    private volatile @Nullable String authenticationFailure;

    private volatile @Nullable String lastDisconnect;

    private final Map<String, String> failedChannels = new ConcurrentHashMap<>();

    private final Set<String> subscribedChannels = ConcurrentHashMap.newKeySet();

    @Override
    public void connected() {
        this.authenticationFailure = null;
        this.lastDisconnect = null;
    }

    @Override
    public void disconnected(@Nullable Throwable cause) {
        this.lastDisconnect = (cause != null) ? cause.getMessage() : "connection lost";
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
     * Returns the channels whose subscription Salesforce confirmed (and that were not unsubscribed since).
     *
     * @return the subscribed channels
     */
    public Set<String> subscribedChannels() {
        return Set.copyOf(this.subscribedChannels);
    }

    /**
     * Returns the last authentication failure since the client was last connected, or {@code null}.
     *
     * @return the failure message, or {@code null}
     */
    public @Nullable String authenticationFailure() {
        return this.authenticationFailure;
    }

    /**
     * Returns why the connection was last lost, or {@code null} when connected since.
     *
     * @return the reason, or {@code null}
     */
    public @Nullable String lastDisconnect() {
        return this.lastDisconnect;
    }

    /**
     * Returns the channels Salesforce refused, with the reason.
     *
     * @return channel to reason
     */
    public Map<String, String> failedChannels() {
        return Map.copyOf(this.failedChannels);
    }
}
