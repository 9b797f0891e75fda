package io.sfstream.core.support;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.sfstream.core.AuthenticationException;
import io.sfstream.core.ServerException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls every {@link ClientLifecycleListener}, isolating the client from a listener that
 * throws.
 */
public final class LifecycleNotifier implements ClientLifecycleListener {

    private static final Logger logger = LoggerFactory.getLogger(LifecycleNotifier.class);

    private final List<ClientLifecycleListener> listeners;

    /**
     * Creates the notifier.
     * @param listeners the listeners
     */
    public LifecycleNotifier(List<ClientLifecycleListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void each(Consumer<ClientLifecycleListener> call) {
        for (ClientLifecycleListener listener : this.listeners) {
            try {
                call.accept(listener);
            }
            catch (RuntimeException ex) {
                logger.warn("Lifecycle listener {} failed", listener, ex);
            }
        }
    }

    @Override
    public void connected() {
        each(ClientLifecycleListener::connected);
    }

    @Override
    public void disconnected(@Nullable Throwable cause) {
        each((listener) -> listener.disconnected(cause));
    }

    @Override
    public void reauthenticated() {
        each(ClientLifecycleListener::reauthenticated);
    }

    @Override
    public void authenticationFailed(AuthenticationException error) {
        each((listener) -> listener.authenticationFailed(error));
    }

    @Override
    public void rehandshaked(String reason) {
        each((listener) -> listener.rehandshaked(reason));
    }

    @Override
    public void subscribed(String channel, ReplayFrom from) {
        each((listener) -> listener.subscribed(channel, from));
    }

    @Override
    public void unsubscribed(String channel) {
        each((listener) -> listener.unsubscribed(channel));
    }

    @Override
    public void subscribeFailed(String channel, StreamingException error) {
        each((listener) -> listener.subscribeFailed(channel, error));
    }

    @Override
    public void replayFallbackApplied(String channel, ReplayId invalidReplayId, ReplayFallback fallback) {
        each((listener) -> listener.replayFallbackApplied(channel, invalidReplayId, fallback));
    }

    @Override
    public void malformedEvent(String channel, String reason) {
        each((listener) -> listener.malformedEvent(channel, reason));
    }

    @Override
    public void limitExceeded(ServerException error, Duration retryIn) {
        each((listener) -> listener.limitExceeded(error, retryIn));
    }

}
