package io.sfstream.core.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sfstream.core.ReplayException;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.replay.ReplayStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReplayCommitterTests {

    /** Records every save. */
    static final class RecordingStore implements ReplayStore {

        final InMemoryReplayStore delegate = new InMemoryReplayStore();

        final List<Map<String, ReplayPosition>> saves = new ArrayList<>();

        volatile boolean failing;

        @Override
        public Optional<ReplayPosition> load(String channel) {
            return this.delegate.load(channel);
        }

        @Override
        public synchronized void save(Map<String, ReplayPosition> positions) {
            if (this.failing) {
                throw new ReplayException("disk full");
            }
            this.saves.add(positions);
            this.delegate.save(positions);
        }

        @Override
        public synchronized void replace(String channel, ReplayPosition position) {
            if (this.failing) {
                throw new ReplayException("disk full");
            }
            this.saves.add(Map.of(channel, position));
            this.delegate.replace(channel, position);
        }

        synchronized int saveCount() {
            return this.saves.size();
        }

    }

    private static ReplayPosition at(long id) {
        return new ReplayPosition(id, null);
    }

    @Test
    void aRestartedChannelTakesAPositionBeforeItsOldOne() {
        RecordingStore store = new RecordingStore();
        store.delegate.save(Map.of("/event/A", at(900)));
        try (ReplayCommitter committer = new ReplayCommitter(store, 100, Duration.ofHours(1))) {
            assertThat(committer.commit("/event/A", at(5))).isFalse();
            committer.restart("/event/A");
            assertThat(committer.latest("/event/A")).isEmpty();
            assertThat(committer.commit("/event/A", at(5))).isTrue();
            assertThat(committer.commit("/event/A", at(4))).isFalse();
            committer.flush();
        }
        assertThat(store.load("/event/A")).contains(at(5));
    }

    @Test
    void savesABatchWhenMaxCountIsReached() {
        RecordingStore store = new RecordingStore();
        try (ReplayCommitter committer = new ReplayCommitter(store, 3, Duration.ofHours(1))) {
            committer.commit("/topic/A", at(1));
            committer.commit("/topic/A", at(2));
            assertThat(store.saveCount()).isZero();
            committer.commit("/topic/B", at(7));
            // Saved on the flusher thread, not the committing one.
            await("a save on the flusher thread").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> store.saveCount() != 0);
            assertThat(store.saveCount()).isEqualTo(1);
            assertThat(store.saves.get(0)).isEqualTo(Map.of("/topic/A", at(2), "/topic/B", at(7)));
        }
    }

    @Test
    void savesPendingCommitsAfterMaxDelay() {
        RecordingStore store = new RecordingStore();
        try (ReplayCommitter committer = new ReplayCommitter(store, 100, Duration.ofMillis(50))) {
            committer.commit("/topic/A", at(5));
            await("a timed flush").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> store.load("/topic/A").isPresent());
            assertThat(store.load("/topic/A")).contains(at(5));
        }
    }

    @Test
    void neverMovesBackwardsAndKnowsUnsavedPositions() {
        RecordingStore store = new RecordingStore();
        try (ReplayCommitter committer = new ReplayCommitter(store, 100, Duration.ofHours(1))) {
            assertThat(committer.commit("/topic/A", at(10))).isTrue();
            assertThat(committer.commit("/topic/A", at(9))).isFalse();
            assertThat(committer.commit("/topic/A", at(10))).isFalse();
            assertThat(committer.latest("/topic/A")).contains(at(10));
            assertThat(store.load("/topic/A")).isEmpty();
        }
        assertThat(store.load("/topic/A")).contains(at(10));
    }

    @Test
    void startsFromTheStoredPositionAndIgnoresOlderCommits() {
        RecordingStore store = new RecordingStore();
        store.save(Map.of("/event/E__e", at(50)));
        try (ReplayCommitter committer = new ReplayCommitter(store, 1, Duration.ofHours(1))) {
            assertThat(committer.latest("/event/E__e")).contains(at(50));
            assertThat(committer.commit("/event/E__e", at(40))).isFalse();
            assertThat(committer.commit("/event/E__e", at(51))).isTrue();
        }
        assertThat(store.load("/event/E__e")).contains(at(51));
    }

    @Test
    void aFailedSaveIsRetriedAtTheNextFlush() {
        RecordingStore store = new RecordingStore();
        ReplayCommitter committer = new ReplayCommitter(store, 100, Duration.ofHours(1));
        store.failing = true;
        committer.commit("/topic/A", at(3));
        try {
            committer.flush();
        }
        catch (ReplayException expected) {
            // the position stays pending
        }
        store.failing = false;
        committer.close();
        assertThat(store.load("/topic/A")).contains(at(3));
    }

    @Test
    void commitsAfterCloseAreIgnored() {
        RecordingStore store = new RecordingStore();
        ReplayCommitter committer = new ReplayCommitter(store, 100, Duration.ofHours(1));
        committer.close();
        committer.close();
        assertThat(committer.commit("/topic/A", at(1))).isFalse();
        assertThat(store.load("/topic/A")).isEmpty();
    }

}
