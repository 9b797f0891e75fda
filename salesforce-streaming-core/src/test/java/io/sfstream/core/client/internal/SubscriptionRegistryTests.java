package io.sfstream.core.client.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.support.ReplayCommitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SubscriptionRegistryTests {

    private final InMemoryReplayStore store = new InMemoryReplayStore();

    private final ReplayCommitter committer = new ReplayCommitter(this.store, 100, Duration.ofHours(1));

    private final SubscriptionRegistry registry = new SubscriptionRegistry(this.committer);

    @AfterEach
    void close() {
        this.committer.close();
    }

    @Test
    void startsAtTheInitialReplayWithoutAnyPosition() {
        assertThat(this.registry.resumeFrom(this.registry.add("/topic/A", ReplayFrom.NEW_EVENTS))).isEqualTo(-1);
        assertThat(this.registry.resumeFrom(this.registry.add("/event/E__e", ReplayFrom.ALL_EVENTS))).isEqualTo(-2);
        assertThat(this.registry.resumeFrom(this.registry.add("/u/G", ReplayFrom.after(0)))).isZero();
    }

    @Test
    void resumesAfterTheStoredPositionKeyedWithoutFilterQuery() {
        this.store.save(Map.of("/topic/Foo", new ReplayPosition(42, null)));
        SubscriptionRegistry.Subscription filtered = this.registry.add("/topic/Foo?Type=Hot", ReplayFrom.NEW_EVENTS);
        assertThat(filtered.replayKey()).isEqualTo("/topic/Foo");
        assertThat(this.registry.resumeFrom(filtered)).isEqualTo(42);
    }

    @Test
    void resumesAfterTheLatestEventEnqueuedOrCommitted() {
        SubscriptionRegistry.Subscription subscription = this.registry.add("/topic/A", ReplayFrom.NEW_EVENTS);
        this.committer.commit("/topic/A", new ReplayPosition(5, null));
        assertThat(this.registry.resumeFrom(subscription)).isEqualTo(5);
        this.registry.enqueued("/topic/A", 9);
        assertThat(this.registry.resumeFrom(subscription)).as("not confirmed yet: committed position only")
            .isEqualTo(5);
        subscription.setActive(true);
        assertThat(this.registry.resumeFrom(subscription)).isEqualTo(9);
        this.registry.enqueued("/topic/A", 7);
        assertThat(this.registry.resumeFrom(subscription)).isEqualTo(9);
    }

    @Test
    void fallbackAppliesUntilAnEventArrives() {
        this.store.save(Map.of("/topic/A", new ReplayPosition(3, null)));
        SubscriptionRegistry.Subscription subscription = this.registry.add("/topic/A", ReplayFrom.NEW_EVENTS);
        this.registry.useFallback(subscription, -2, 3);
        assertThat(this.registry.resumeFrom(subscription)).isEqualTo(-2);
        assertThat(this.registry.resumeFrom(subscription)).as("also on the next re-subscribe").isEqualTo(-2);
        subscription.setActive(true);
        this.registry.enqueued("/topic/A", 100);
        assertThat(this.registry.resumeFrom(subscription)).isEqualTo(100);
    }

    @Test
    void firstEventAfterAFallbackClosesTheGapStartingAtTheRejectedPosition() {
        Instant committedAt = Instant.parse("2026-01-01T00:00:00Z");
        this.store.save(Map.of("/topic/A", new ReplayPosition(3, committedAt)));
        SubscriptionRegistry.Subscription subscription = this.registry.add("/topic/A", ReplayFrom.NEW_EVENTS);
        this.registry.useFallback(subscription, -2, 3);
        this.registry.useFallback(subscription, -2, 3);
        assertThat(this.registry.enqueued("/topic/A", 100))
            .isEqualTo(new SubscriptionRegistry.ReplayGap("/topic/A", 3, committedAt));
        assertThat(this.registry.enqueued("/topic/A", 101)).as("the gap is reported once").isNull();
    }

    @Test
    void findsTheSubscriptionOfAMessageChannelAndForgetsRemovedOnes() {
        SubscriptionRegistry.Subscription subscription = this.registry.add("/topic/Foo?Type=Hot",
                ReplayFrom.NEW_EVENTS);
        assertThat(this.registry.find("/topic/Foo")).isSameAs(subscription);
        assertThat(this.registry.find("/topic/Foo?Type=Hot")).isSameAs(subscription);
        assertThat(this.registry.find("/topic/Bar")).isNull();
        this.registry.enqueued("/topic/Foo", 8);
        assertThat(this.registry.remove("/topic/Foo?Type=Hot")).isSameAs(subscription);
        assertThat(this.registry.channels()).isEmpty();
        SubscriptionRegistry.Subscription again = this.registry.add("/topic/Foo", ReplayFrom.NEW_EVENTS);
        assertThat(this.registry.resumeFrom(again)).as("uncommitted enqueued position forgotten").isEqualTo(-1);
    }

    @Test
    void oneSubscriptionPerChannelWhateverItsFilter() {
        this.registry.add("/topic/Foo?Type=Hot", ReplayFrom.NEW_EVENTS);
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.registry.add("/topic/Foo?Type=Cold", ReplayFrom.NEW_EVENTS));
        assertThat(this.registry.add("/topic/Foo?Type=Hot", ReplayFrom.ALL_EVENTS)).isNotNull();
    }

    @Test
    void rejectsInvalidChannelNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.registry.add("/foo/bar", ReplayFrom.NEW_EVENTS));
        assertThatIllegalArgumentException().isThrownBy(() -> this.registry.add("/topic/", ReplayFrom.NEW_EVENTS));
    }

}
