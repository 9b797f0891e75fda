package io.sfstream.spring.listener;

import java.time.Duration;

import io.sfstream.core.client.EventClient;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayFrom;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ListenerClient} of an {@link EventClient} (the CometD
 * {@link io.sfstream.core.client.StreamingClient} or the Pub/Sub API client): every
 * method calls the client's. Thread-safe, as the client.
 *
 * @param client the client
 */
record EventClientAdapter(EventClient client) implements ListenerClient {

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
