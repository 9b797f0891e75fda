package io.sfstream.core.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ReplayStore} must do; each store's test extends this class.
 */
abstract class ReplayStoreContract {

    private static final Instant TIME = Instant.parse("2026-03-01T10:15:30.123Z");

    /**
     * Returns a new, empty store.
     */
    protected abstract ReplayStore createStore();

    @Test
    void anEmptyStoreHasNoPosition() {
        assertThat(createStore().load("/topic/Accounts")).isEmpty();
    }

    @Test
    void replayIdsBeyondThirtyTwoBitsAreKeptWhole() {
        ReplayStore store = createStore();
        long beyondInt = 5_000_000_123L;
        store.save(Map.of("/event/Big__e", new ReplayPosition(beyondInt, TIME), "/data/ChangeEvents",
                new ReplayPosition(Long.MAX_VALUE - 7, null)));
        store.save(Map.of("/event/Big__e", new ReplayPosition((1L << 32) - 1, TIME)));
        assertThat(store.load("/event/Big__e")).contains(new ReplayPosition(beyondInt, TIME));
        assertThat(store.load("/data/ChangeEvents")).contains(new ReplayPosition(Long.MAX_VALUE - 7, null));
    }

    @Test
    void opaqueReplayIdsAreKeptAsTheirBytesAndMoveForwardOnly() {
        ReplayStore store = createStore();
        ReplayId first = ReplayId.ofBytes(new byte[] { 0, 0, 0, 0, 0, 0, 0x10, 0x7f });
        ReplayId later = ReplayId.ofBytes(new byte[] { 0, 0, 0, 0, 0, 0, 0x10, (byte) 0x80 });
        store.save(Map.of("/data/AccountChangeEvent", new ReplayPosition(later, TIME)));
        store.save(Map.of("/data/AccountChangeEvent", new ReplayPosition(first, TIME.plusSeconds(1))));
        assertThat(store.load("/data/AccountChangeEvent")).contains(new ReplayPosition(later, TIME));
    }

    @Test
    void aPositionOfTheOtherTransportReplacesTheStoredOne() {
        ReplayStore store = createStore();
        store.save(Map.of("/event/Order__e", new ReplayPosition(5_000_000_000L, TIME)));
        ReplayId opaque = ReplayId.ofBytes(new byte[] { 1, 2, 3 });
        store.save(Map.of("/event/Order__e", new ReplayPosition(opaque, null)));
        assertThat(store.load("/event/Order__e")).contains(new ReplayPosition(opaque, null));
        store.save(Map.of("/event/Order__e", new ReplayPosition(7, TIME)));
        assertThat(store.load("/event/Order__e")).contains(new ReplayPosition(7, TIME));
    }

    @Test
    void aSavedPositionIsLoaded() {
        ReplayStore store = createStore();
        store.save(Map.of("/topic/Accounts", new ReplayPosition(42, TIME)));
        assertThat(store.load("/topic/Accounts")).contains(new ReplayPosition(42, TIME));
    }

    @Test
    void aPositionWithoutEventTimeIsLoaded() {
        ReplayStore store = createStore();
        store.save(Map.of("/event/Order__e", new ReplayPosition(7, null)));
        assertThat(store.load("/event/Order__e")).contains(new ReplayPosition(7, null));
    }

    @Test
    void aPositionNeverMovesBackwards() {
        ReplayStore store = createStore();
        store.save(Map.of("/topic/Accounts", new ReplayPosition(42, TIME)));
        store.save(Map.of("/topic/Accounts", new ReplayPosition(41, TIME.plusSeconds(1))));
        store.save(Map.of("/topic/Accounts", new ReplayPosition(42, TIME.plusSeconds(2))));
        assertThat(store.load("/topic/Accounts")).contains(new ReplayPosition(42, TIME));
    }

    @Test
    void aGreaterReplayIdReplacesTheStoredOneWhateverItsTime() {
        ReplayStore store = createStore();
        store.save(Map.of("/data/ChangeEvents", new ReplayPosition(10, TIME)));
        store.save(Map.of("/data/ChangeEvents", new ReplayPosition(11, TIME.minusSeconds(60))));
        assertThat(store.load("/data/ChangeEvents")).contains(new ReplayPosition(11, TIME.minusSeconds(60)));
    }

    @Test
    void channelsAreIndependent() {
        ReplayStore store = createStore();
        store.save(Map.of("/topic/A", new ReplayPosition(5, null), "/topic/B", new ReplayPosition(500, TIME)));
        store.save(Map.of("/topic/A", new ReplayPosition(6, null), "/topic/B", new ReplayPosition(400, null)));
        assertThat(store.load("/topic/A")).contains(new ReplayPosition(6, null));
        assertThat(store.load("/topic/B")).contains(new ReplayPosition(500, TIME));
        assertThat(store.load("/topic/C")).isEmpty();
    }

    @Test
    void channelNamesAreKeptAsGivenWithoutStrippingAQuery() {
        ReplayStore store = createStore();
        store.save(Map.of("/topic/Foo?Type=Hot", new ReplayPosition(3, null)));
        assertThat(store.load("/topic/Foo?Type=Hot")).contains(new ReplayPosition(3, null));
        assertThat(store.load("/topic/Foo")).isEmpty();
    }

    @Test
    void concurrentSavesKeepTheGreatestReplayId() throws Exception {
        ReplayStore store = createStore();
        int threads = 8;
        int savesPerThread = 25;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                futures.add(executor.submit(() -> {
                    for (int i = 0; i < savesPerThread; i++) {
                        long replayId = (long) i * threads + offset;
                        store.save(Map.of("/topic/Busy", new ReplayPosition(replayId, null), "/topic/Thread" + offset,
                                new ReplayPosition(i, null)));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
        finally {
            executor.shutdownNow();
        }
        assertThat(store.load("/topic/Busy")).contains(new ReplayPosition(threads * savesPerThread - 1, null));
        for (int t = 0; t < threads; t++) {
            assertThat(store.load("/topic/Thread" + t)).contains(new ReplayPosition(savesPerThread - 1, null));
        }
    }

}
