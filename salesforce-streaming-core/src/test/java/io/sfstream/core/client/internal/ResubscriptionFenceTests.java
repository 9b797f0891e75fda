package io.sfstream.core.client.internal;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResubscriptionFenceTests {

    private final ResubscriptionFence fence = new ResubscriptionFence();

    @Test
    void aChannelSubscribedOnceInTheSessionPassesEverything() {
        assertThat(deliver(5, 6, 7, 3, 4)).containsExactly(5L, 6L, 7L, 3L, 4L);
    }

    @Test
    void eventsArrivingBeforeTheSubscribeIsSentAreHeldBack() {
        deliver(1, 2, 3);
        this.fence.subscribing();
        assertThat(deliver(4, 5)).isEmpty();
        this.fence.sent(5);
        assertThat(deliver(6, 7)).containsExactly(6L, 7L);
    }

    @Test
    void theRestOfTheOldStreamIsDroppedUntilTheReplayOfReceivedEventsStarts() {
        // Received 1..10, committed 4; the old stream still carries 11..13, then the new
        // one replays from 5.
        deliver(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        this.fence.subscribing();
        this.fence.sent(4);
        assertThat(deliver(11, 12, 13, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14)).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L,
                12L, 13L, 14L);
    }

    @Test
    void aReplayFromTheLastReceivedEventTakesTheOldStreamAsItsPrefixWithoutDuplicates() {
        deliver(1, 2, 3);
        this.fence.subscribing();
        this.fence.sent(3);
        assertThat(deliver(4, 5, 4, 5, 6)).containsExactly(4L, 5L, 6L);
    }

    @Test
    void withoutLeftoversTheNewStreamIsTakenAtOnce() {
        deliver(1, 2, 3);
        this.fence.subscribing();
        this.fence.sent(3);
        assertThat(deliver(7, 9)).containsExactly(7L, 9L);
    }

    @Test
    void streamsThatHadNotStartedAreTakenAsPrefixesOfTheNewOne() {
        // Retained: 1, 2, 3, 4, 10, 11, 12. Received up to 10 with 4 committed;
        // subscribes from 2 (cut after 11),
        // then from 4 are sent while the first stream is still arriving: its rest (11,
        // 12) is dropped, the second
        // stream is taken after 4, and the third after the second's last event.
        deliver(1, 2, 3, 4, 10);
        this.fence.subscribing();
        this.fence.sent(4);
        assertThat(deliver(11, 12, 3, 4, 10, 11, 10, 11, 12)).containsExactly(10L, 11L, 12L);
    }

    @Test
    void newEventsOnlyTakeWhateverComesNext() {
        deliver(1, 2, 3);
        this.fence.subscribing();
        this.fence.sent(-1);
        assertThat(deliver(4, 5, 9)).containsExactly(4L, 5L, 9L);
    }

    @Test
    void allRetainedEventsWaitForTheReplayToStart() {
        deliver(7, 8);
        this.fence.subscribing();
        this.fence.sent(-2);
        assertThat(deliver(9, 1, 2, 7, 8, 9)).containsExactly(1L, 2L, 7L, 8L, 9L);
    }

    @Test
    void aSubscribeOfAChannelNeverReceivedInTheSessionTakesEverythingOnce() {
        this.fence.subscribing();
        this.fence.sent(-2);
        assertThat(deliver(1, 2, 1, 2, 3)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aFenceWaitingForTheReplayLongerThanItsLimitIsStuck() {
        deliver(1, 2, 3);
        this.fence.subscribing();
        this.fence.sent(1);
        deliver(4, 5);
        long now = System.nanoTime();
        assertThat(this.fence.isStuck(now)).isFalse();
        assertThat(this.fence.isStuck(now + ResubscriptionFence.STUCK_AFTER.plusSeconds(1).toNanos())).isTrue();
        deliver(2);
        assertThat(this.fence.isStuck(now + ResubscriptionFence.STUCK_AFTER.plusSeconds(1).toNanos()))
            .as("the replay started")
            .isFalse();
    }

    @Test
    void aFenceThatIsNotWaitingIsNeverStuck() {
        deliver(1, 2, 3);
        this.fence.subscribing();
        this.fence.sent(3);
        assertThat(this.fence.isStuck(System.nanoTime() + ResubscriptionFence.STUCK_AFTER.multipliedBy(2).toNanos()))
            .isFalse();
    }

    private List<Long> deliver(long... replayIds) {
        List<Long> delivered = new ArrayList<>();
        for (long replayId : replayIds) {
            if (this.fence.received(replayId)) {
                delivered.add(replayId);
            }
        }
        return delivered;
    }

}
