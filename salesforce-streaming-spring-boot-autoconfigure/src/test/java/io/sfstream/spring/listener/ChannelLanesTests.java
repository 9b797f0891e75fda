package io.sfstream.spring.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.spring.support.TestEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Channels in parallel, each in order, with bounded memory.
 */
class ChannelLanesTests {

    private static final String ORDERS = "/event/Order__e";

    private static final String INVOICES = "/event/Invoice__e";

    private final List<String> processed = new CopyOnWriteArrayList<>();

    private final Set<String> pausedChannels = ConcurrentHashMap.newKeySet();

    private final Map<String, CountDownLatch> stalls = new ConcurrentHashMap<>();

    private final AtomicInteger busy = new AtomicInteger();

    private final AtomicInteger mostBusy = new AtomicInteger();

    private ChannelLanes lanes;

    @AfterEach
    void stop() {
        this.stalls.values().forEach(CountDownLatch::countDown);
        if (this.lanes != null) {
            this.lanes.stop(Duration.ofSeconds(5));
        }
    }

    private ChannelLanes lanes(int concurrency, int maxInFlight) {
        this.lanes = new ChannelLanes(concurrency, maxInFlight, new CustomizableThreadFactory("lanes-test-"),
                this::process, this.pausedChannels::contains);
        return this.lanes;
    }

    private void process(StreamingEvent event) {
        this.mostBusy.accumulateAndGet(this.busy.incrementAndGet(), Math::max);
        try {
            CountDownLatch stall = this.stalls.get(event.channel());
            if (stall != null) {
                stall.await(10, TimeUnit.SECONDS);
            }
            this.processed.add(event.channel() + "#" + event.replayId());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            this.busy.decrementAndGet();
        }
    }

    private static StreamingEvent event(String channel, long replayId) {
        return TestEvent.of(channel, replayId, null, Map.of(), "{}");
    }

    @Test
    void eventsOfOneChannelAreProcessedInOrderAndChannelsInParallel() throws InterruptedException {
        ChannelLanes lanes = lanes(2, 1_000);
        for (long id = 1; id <= 200; id++) {
            lanes.submit(event(ORDERS, id));
            lanes.submit(event(INVOICES, id));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> this.processed.size() == 400);
        for (String channel : List.of(ORDERS, INVOICES)) {
            assertThat(this.processed.stream().filter((entry) -> entry.startsWith(channel + "#")))
                .extracting((entry) -> Long.parseLong(entry.substring(entry.indexOf('#') + 1)))
                .isSorted()
                .hasSize(200);
        }
        assertThat(this.mostBusy.get()).as("channels processed at once").isLessThanOrEqualTo(2);
    }

    @Test
    void aStalledChannelDoesNotHoldBackAnother() throws InterruptedException {
        ChannelLanes lanes = lanes(2, 100);
        CountDownLatch stall = new CountDownLatch(1);
        this.stalls.put(ORDERS, stall);
        lanes.submit(event(ORDERS, 1));
        lanes.submit(event(ORDERS, 2));
        for (long id = 1; id <= 10; id++) {
            lanes.submit(event(INVOICES, id));
        }
        await().atMost(Duration.ofSeconds(5))
            .until(() -> this.processed.stream().filter((entry) -> entry.startsWith(INVOICES)).count() == 10);
        assertThat(this.processed).noneMatch((entry) -> entry.startsWith(ORDERS));
        stall.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.processed.size() == 12);
        assertThat(this.processed).containsSubsequence(ORDERS + "#1", ORDERS + "#2");
    }

    @Test
    void handingOverBlocksOnceTheBoundIsReached() throws InterruptedException {
        ChannelLanes lanes = lanes(2, 3);
        CountDownLatch stall = new CountDownLatch(1);
        this.stalls.put(ORDERS, stall);
        for (long id = 1; id <= 3; id++) {
            lanes.submit(event(ORDERS, id));
        }
        assertThat(lanes.inFlight()).isEqualTo(3);
        Thread fourth = new Thread(() -> {
            try {
                lanes.submit(event(INVOICES, 1));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        fourth.start();
        fourth.join(300);
        assertThat(fourth.isAlive()).as("the fourth hand-over waits for room").isTrue();
        stall.countDown();
        fourth.join(5_000);
        assertThat(fourth.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.processed.size() == 4);
        assertThat(lanes.inFlight()).isZero();
    }

    @Test
    void aPausedChannelKeepsItsEventsUntilResumedAndOthersFlow() throws InterruptedException {
        ChannelLanes lanes = lanes(2, 100);
        this.pausedChannels.add(ORDERS);
        lanes.submit(event(ORDERS, 1));
        lanes.submit(event(INVOICES, 1));
        lanes.submit(event(ORDERS, 2));
        await().atMost(Duration.ofSeconds(5)).until(() -> this.processed.contains(INVOICES + "#1"));
        assertThat(this.processed).containsExactly(INVOICES + "#1");
        assertThat(lanes.inFlight()).isEqualTo(2);
        this.pausedChannels.remove(ORDERS);
        lanes.resume();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.processed.size() == 3);
        assertThat(this.processed).containsSubsequence(ORDERS + "#1", ORDERS + "#2");
    }

    @Test
    void stoppingDropsWaitingEventsAndInterruptsACallPastTheTimeout() throws InterruptedException {
        ChannelLanes lanes = lanes(1, 10);
        this.stalls.put(ORDERS, new CountDownLatch(1));
        lanes.submit(event(ORDERS, 1));
        lanes.submit(event(ORDERS, 2));
        await().atMost(Duration.ofSeconds(5)).until(() -> this.busy.get() == 1);
        assertThat(lanes.stop(Duration.ofMillis(200))).as("finished in time").isFalse();
        assertThat(this.processed).as("the interrupted call and the dropped event").isEmpty();
        this.lanes = null;
    }

}
