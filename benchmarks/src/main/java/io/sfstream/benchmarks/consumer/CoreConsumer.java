package io.sfstream.benchmarks.consumer;

import java.net.URI;
import java.time.Duration;

import io.sfstream.benchmarks.ChangeEvents;
import io.sfstream.core.ClientInvalidOperationException;
import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.auth.TokenSupplierAuthenticator;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayStore;

/**
 * The core client, consumed either by a thread calling {@code receive()} or by an
 * {@code EventListener}; positions are committed automatically to the configured store.
 */
final class CoreConsumer implements Consumer {

    private final ConsumerSettings settings;

    private final Recorder recorder;

    private final boolean listener;

    private StreamingClient client;

    private Thread receiver;

    /**
     * The system property (set through the consumer JVM flags,
     * {@code -Dbench.commitBatch=1000}) overriding the client's default commit batch
     * size.
     */
    static final String COMMIT_BATCH_PROPERTY = "bench.commitBatch";

    CoreConsumer(ConsumerSettings settings, Recorder recorder, boolean listener) {
        this.settings = settings;
        this.recorder = recorder;
        this.listener = listener;
    }

    @Override
    public void start() {
        ReplayStore store = ReplayStores.create(this.settings.store(), this.settings.directory());
        AccessToken token = AccessToken.of(this.settings.token(), URI.create(this.settings.instanceUrl()));
        StreamingClient.Builder builder = StreamingClient.builder(new TokenSupplierAuthenticator(() -> token))
            .replayStore(store)
            .defaultReplay(ReplayFrom.ALL_EVENTS)
            .maxPendingCount(this.settings.maxPendingCount());
        Integer commitBatch = Integer.getInteger(COMMIT_BATCH_PROPERTY);
        if (commitBatch != null) {
            builder.commitBatching(commitBatch, Duration.ofSeconds(1));
        }
        this.client = builder.build();
        this.recorder.pendingCount(this.client::pendingCount);
        this.client.open();
        if (this.listener) {
            this.client.addListener(this::record);
        }
        this.client.subscribe(this.settings.channel());
        if (!this.listener) {
            this.receiver = new Thread(this::receiveLoop, "bench-receive");
            this.receiver.setDaemon(true);
            this.receiver.start();
        }
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
        this.recorder.onEvent((replayId != null) ? replayId.longValue() : -1, ((Number) sent).longValue());
    }

    @Override
    public void close() {
        if (this.client != null) {
            this.client.close();
        }
    }

}
