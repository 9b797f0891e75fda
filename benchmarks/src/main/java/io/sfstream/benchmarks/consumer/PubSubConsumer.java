package io.sfstream.benchmarks.consumer;

import java.net.URI;
import java.nio.ByteBuffer;

import io.sfstream.benchmarks.ChangeEvents;
import io.sfstream.core.ClientInvalidOperationException;
import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.auth.TokenSupplierAuthenticator;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.pubsub.PubSubClient;

/**
 * The Pub/Sub API client on the emulator's Pub/Sub port (plaintext gRPC on loopback),
 * consumed by a thread calling {@code receive()}; positions are committed automatically
 * to the configured store, as the core consumer's. The emulator's replay ids are the 8
 * bytes of a big-endian long (Salesforce's are opaque): they are read as that number for
 * the {@link Recorder}'s order and loss checks.
 */
final class PubSubConsumer implements Consumer {

    private final ConsumerSettings settings;

    private final Recorder recorder;

    private PubSubClient client;

    private Thread receiver;

    PubSubConsumer(ConsumerSettings settings, Recorder recorder) {
        this.settings = settings;
        this.recorder = recorder;
    }

    @Override
    public void start() {
        ReplayStore store = ReplayStores.create(this.settings.store(), this.settings.directory());
        AccessToken token = AccessToken.of(this.settings.token(), URI.create(this.settings.instanceUrl()));
        // The other consumers replay from the start (-2): ALL_EVENTS, EARLIEST on the
        // Pub/Sub API.
        this.client = PubSubClient.builder(new TokenSupplierAuthenticator(() -> token))
            .host(this.settings.pubSubHost())
            .port(this.settings.pubSubPort())
            .plaintext()
            .replayStore(store)
            .defaultReplay(ReplayFrom.ALL_EVENTS)
            .maxPendingCount(this.settings.maxPendingCount())
            .build();
        this.recorder.pendingCount(this.client::pendingCount);
        this.client.open();
        this.client.subscribe(this.settings.channel());
        this.receiver = new Thread(this::receiveLoop, "bench-receive");
        this.receiver.setDaemon(true);
        this.receiver.start();
    }

    private void receiveLoop() {
        try {
            while (true) {
                record(this.client.receive());
            }
        }
        catch (ClientInvalidOperationException ex) {
            // closed
        }
    }

    private void record(StreamingEvent event) {
        ReplayId replayId = event.replayId();
        Object sent = event.payload().get(ChangeEvents.SENT_MICROS);
        this.recorder.onEvent((replayId != null) ? number(replayId) : -1, ((Number) sent).longValue());
    }

    private static long number(ReplayId replayId) {
        byte[] bytes = replayId.toByteArray();
        return (bytes.length == Long.BYTES) ? ByteBuffer.wrap(bytes).getLong() : -1;
    }

    @Override
    public void close() {
        if (this.client != null) {
            this.client.close();
        }
    }

}
