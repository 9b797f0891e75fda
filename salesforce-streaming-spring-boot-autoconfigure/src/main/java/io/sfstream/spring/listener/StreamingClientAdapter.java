package io.sfstream.spring.listener;

import java.time.Duration;

import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayFrom;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ListenerClient} of a {@link StreamingClient}: every method calls the
 * client's. Thread-safe, as the client.
 *
 * @param client the client
 */
record StreamingClientAdapter(StreamingClient client) implements ListenerClient {

    @Override
    public void open() {
        this.client.open();
    }

    @Override
    public void close() {
        this.client.close();
    }

    @Override
    public boolean isSubscribed(String channel) {
        return this.client.subscriptions().contains(channel);
    }

    @Override
    public void subscribe(String channel, @Nullable ReplayFrom replay) {
        if (replay != null) {
            this.client.subscribe(channel, replay);
        }
        else {
            this.client.subscribe(channel);
        }
    }

    @Override
    public void unsubscribe(String channel) {
        this.client.unsubscribe(channel);
    }

    @Override
    public @Nullable StreamingEvent receive(Duration timeout) {
        return this.client.receive(timeout);
    }

    @Override
    public void commit(StreamingEvent event) {
        this.client.commit(event);
    }
}
