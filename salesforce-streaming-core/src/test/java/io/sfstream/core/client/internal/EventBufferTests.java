package io.sfstream.core.client.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.replay.ReplayId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventBufferTests {

    static SalesforceEvent event(String channel, long replayId) {
        return new SalesforceEvent(channel, ChannelKind.of(channel), ReplayId.of(replayId), null, Map.of(), "{}", null,
                Map.of(), Map.of());
    }

    @Test
    void deliversInArrivalOrder() throws InterruptedException {
        EventBuffer buffer = new EventBuffer(10);
        buffer.add(event("/topic/A", 1));
        buffer.add(event("/topic/B", 1));
        buffer.add(event("/topic/A", 2));
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.poll(0, TimeUnit.MILLISECONDS).replayId().longValue()).isEqualTo(1);
        assertThat(buffer.poll(0, TimeUnit.MILLISECONDS).channel()).isEqualTo("/topic/B");
        assertThat(buffer.poll(0, TimeUnit.MILLISECONDS).replayId().longValue()).isEqualTo(2);
        assertThat(buffer.poll(10, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void holdsActionsWhileFullAndRunsThemWhenRoomIsMade() throws InterruptedException {
        EventBuffer buffer = new EventBuffer(2);
        AtomicInteger released = new AtomicInteger();
        buffer.whenNotFull(released::incrementAndGet);
        assertThat(released).hasValue(1);
        buffer.add(event("/topic/A", 1));
        buffer.add(event("/topic/A", 2));
        buffer.add(event("/topic/A", 3));
        buffer.whenNotFull(released::incrementAndGet);
        assertThat(released).hasValue(1);
        buffer.poll(0, TimeUnit.MILLISECONDS);
        assertThat(released).as("still full: 2 of 2").hasValue(1);
        buffer.poll(0, TimeUnit.MILLISECONDS);
        assertThat(released).hasValue(2);
    }

    @Test
    void discardRemovesOnlyMatchingEventsAndReleasesHeldActions() {
        EventBuffer buffer = new EventBuffer(2);
        buffer.add(event("/topic/A", 1));
        buffer.add(event("/topic/B", 1));
        AtomicInteger released = new AtomicInteger();
        buffer.whenNotFull(released::incrementAndGet);
        assertThat(buffer.discard((e) -> e.channel().equals("/topic/A"))).isEqualTo(1);
        assertThat(buffer.size()).isEqualTo(1);
        assertThat(released).hasValue(1);
    }

    @Test
    void closeWakesWaitingTakersAndDropsEvents() throws Exception {
        EventBuffer buffer = new EventBuffer(2);
        buffer.add(event("/topic/A", 1));
        buffer.poll(0, TimeUnit.MILLISECONDS);
        Thread taker = new Thread(() -> {
            try {
                buffer.poll(1, TimeUnit.MINUTES);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        taker.start();
        buffer.add(event("/topic/A", 2));
        buffer.close();
        taker.join(5000);
        assertThat(taker.isAlive()).isFalse();
        assertThat(buffer.size()).isZero();
        buffer.add(event("/topic/A", 3));
        assertThat(buffer.size()).isZero();
        assertThat(buffer.isClosed()).isTrue();
    }

    @Test
    void capacityMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new EventBuffer(0));
    }

}
