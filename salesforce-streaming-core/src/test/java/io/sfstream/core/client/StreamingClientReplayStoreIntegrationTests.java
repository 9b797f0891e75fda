package io.sfstream.core.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sfstream.core.ReplayException;
import io.sfstream.core.client.EmulatorSupport.CountingAuthenticator;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.junit.EmbeddedSalesforce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.sfstream.core.client.EmulatorSupport.CHANGE_EVENTS;
import static io.sfstream.core.client.EmulatorSupport.GENERIC;
import static io.sfstream.core.client.EmulatorSupport.PLATFORM_EVENT;
import static io.sfstream.core.client.EmulatorSupport.POLL;
import static io.sfstream.core.client.EmulatorSupport.PUSH_TOPIC;
import static io.sfstream.core.client.EmulatorSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The replay store is read on the subscribing thread, once per channel: a store that
 * cannot be read fails {@code subscribe} with an error naming the channel, and
 * re-subscribes after a re-handshake never touch it (they run on CometD's threads, where
 * a slow or failing store would stall or break the session).
 */
@EmbeddedSalesforce(pushTopics = PUSH_TOPIC, platformEvents = PLATFORM_EVENT, changeDataCaptures = CHANGE_EVENTS,
        genericChannels = GENERIC, connectTimeoutMillis = 1000, reconnectWindowMillis = 2000)
class StreamingClientReplayStoreIntegrationTests {

    private final SalesforceEmulator emulator;

    private final List<StreamingClient> clients = new ArrayList<>();

    StreamingClientReplayStoreIntegrationTests(SalesforceEmulator emulator) {
        this.emulator = emulator;
    }

    @AfterEach
    void stop() {
        this.clients.forEach(StreamingClient::close);
    }

    @Test
    void aStoreThatCannotBeReadFailsTheSubscribeNamingTheChannel() {
        RecordingStore store = new RecordingStore();
        store.failLoads.set(true);
        StreamingClient client = open(store);
        assertThatExceptionOfType(ReplayException.class).isThrownBy(() -> client.subscribe(PLATFORM_EVENT))
            .withMessageContaining(PLATFORM_EVENT)
            .withMessageContaining("database is down");
        assertThat(client.subscriptions()).isEmpty();
        store.failLoads.set(false);
        client.subscribe(PLATFORM_EVENT);
        assertThat(client.subscriptions()).containsExactly(PLATFORM_EVENT);
    }

    @Test
    void reSubscribesAfterARehandshakeDoNotReadTheStore() {
        RecordingStore store = new RecordingStore();
        StreamingClient client = open(store);
        client.subscribe(PLATFORM_EVENT);
        long loadsAfterSubscribe = store.loads.size();
        assertThat(store.loads).as("channels read").containsOnly("/event/Order_Placed__e");
        store.failLoads.set(true);
        int subscribes = this.emulator.observations().subscribes().size();

        this.emulator.faults().expireAllSessions();
        // The channel has no position yet (it starts with new events): publish once it is
        // subscribed again.
        await("a re-subscribe").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.emulator.observations()
                .subscribes()
                .stream()
                .skip(subscribes)
                .anyMatch((subscribe) -> subscribe.successful()));
        long published = this.emulator.publish(PLATFORM_EVENT, Map.of("Seq__c", 1)).replayId();

        StreamingEvent event = client.receive(Duration.ofSeconds(10));
        assertThat(event).isNotNull();
        assertThat(event.replayId().longValue()).isEqualTo(published);
        assertThat(store.loads).as("store reads").hasSize((int) loadsAfterSubscribe);
    }

    private StreamingClient open(ReplayStore store) {
        StreamingClient client = EmulatorSupport.clientBuilder(new CountingAuthenticator(this.emulator))
            .replayStore(store)
            .build();
        this.clients.add(client);
        client.open();
        return client;
    }

    /** An in-memory store that records its reads and can fail them. */
    private static final class RecordingStore implements ReplayStore {

        final InMemoryReplayStore delegate = new InMemoryReplayStore();

        final List<String> loads = java.util.Collections.synchronizedList(new ArrayList<>());

        final AtomicBoolean failLoads = new AtomicBoolean();

        @Override
        public Optional<ReplayPosition> load(String channel) {
            if (this.failLoads.get()) {
                throw new ReplayException("database is down");
            }
            this.loads.add(channel);
            return this.delegate.load(channel);
        }

        @Override
        public void save(java.util.Map<String, ReplayPosition> positions) {
            this.delegate.save(positions);
        }

    }

}
