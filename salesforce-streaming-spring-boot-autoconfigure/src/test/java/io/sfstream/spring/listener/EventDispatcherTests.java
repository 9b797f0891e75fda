package io.sfstream.spring.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.spring.SalesforceListenerErrorHandler.FailedEvent;
import io.sfstream.spring.support.TestEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventDispatcherTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeClient client = new FakeClient();

    private final ClientConnector<FakeClient> connector = new ClientConnector<>(() -> this.client,
            new JitteredExponentialBackOff(Duration.ofMillis(10), Duration.ofMillis(10)), new DispatchObserver() {
            });

    private final ChannelRouter router = new ChannelRouter();

    private final EventDispatcher dispatcher = new EventDispatcher(this.connector, this.router, new DispatchObserver() {
    });

    @AfterEach
    void stop() {
        this.connector.stop();
        this.dispatcher.stop(WAIT);
        this.connector.close();
    }

    @Test
    void theOpenedClientSubscribesTheRunningContainersBeforeAnyEventIsTaken() {
        running(new TestListener().container("orders", "/event/Order__e"));
        this.router.add(new TestListener().container("stopped", "/event/Stopped__e"));
        start();
        await().atMost(WAIT).until(() -> this.client.isSubscribed("/event/Order__e"));
        assertThat(this.client.calls).containsExactly("open", "subscribe /event/Order__e");
    }

    @Test
    void anEventIsCommittedOnlyOnceEveryRunningContainerOfItsChannelHandledIt() {
        TestListener first = new TestListener();
        TestListener second = new TestListener();
        CountDownLatch release = new CountDownLatch(1);
        second.behaviour = (event) -> release.await();
        running(first.container("first", "/event/Order__e"));
        running(second.container("second", "/event/Order__e"));
        start();
        this.client.events.add(event("/event/Order__e", 1));
        await().atMost(WAIT).until(() -> second.calls.size() == 1);
        assertThat(first.calls).hasSize(1);
        assertThat(this.client.calls("commit")).isEmpty();
        release.countDown();
        await().atMost(WAIT).until(() -> this.client.calls("commit").equals(List.of("commit 1")));
    }

    @Test
    void anEventNoRunningContainerTookIsNotCommitted() {
        TestListener stopped = new TestListener();
        this.router.add(stopped.container("stopped", "/event/Order__e"));
        running(new TestListener().container("shipments", "/event/Shipped__e"));
        start();
        this.client.events.add(event("/event/Order__e", 1));
        this.client.events.add(event("/event/Other__e", 2));
        this.client.events.add(event("/event/Shipped__e", 3));
        await().atMost(WAIT).until(() -> !this.client.calls("commit").isEmpty());
        assertThat(this.client.calls("commit")).containsExactly("commit 3");
        assertThat(stopped.calls).isEmpty();
    }

    @Test
    void anEventWhoseErrorHandlerStoppedTheListenerIsNotCommitted() {
        TestListener failing = new TestListener();
        failing.behaviour = (event) -> {
            throw new IllegalStateException("broken");
        };
        List<String> stopRequests = new CopyOnWriteArrayList<>();
        running(failing.container("failing", FailedEvent::stopListener, stopRequests::add, "/event/Order__e"));
        running(new TestListener().container("shipments", "/event/Shipped__e"));
        start();
        this.client.events.add(event("/event/Order__e", 1));
        this.client.events.add(event("/event/Shipped__e", 2));
        await().atMost(WAIT).until(() -> !this.client.calls("commit").isEmpty());
        assertThat(this.client.calls("commit")).containsExactly("commit 2");
        assertThat(stopRequests).containsExactly("failing");
    }

    @Test
    void stoppingLetsTheCallInProgressFinishAndCommitsItsEvent() {
        TestListener slow = new TestListener();
        CountDownLatch called = new CountDownLatch(1);
        slow.behaviour = (event) -> {
            called.countDown();
            Thread.sleep(300);
        };
        running(slow.container("slow", "/event/Order__e"));
        start();
        this.client.events.add(event("/event/Order__e", 1));
        await().atMost(WAIT).until(() -> called.getCount() == 0);
        this.connector.stop();
        this.dispatcher.stop(WAIT);
        assertThat(this.client.calls("commit")).containsExactly("commit 1");
    }

    @Test
    void aCallOutlastingTheShutdownTimeoutIsInterruptedAndItsEventNotCommitted() {
        TestListener stuck = new TestListener();
        stuck.behaviour = (event) -> Thread.sleep(Duration.ofHours(1).toMillis());
        running(stuck.container("stuck", "/event/Order__e"));
        start();
        this.client.events.add(event("/event/Order__e", 1));
        await().atMost(WAIT).until(() -> stuck.calls.size() == 1);
        this.connector.stop();
        this.dispatcher.stop(Duration.ofMillis(100));
        assertThat(this.client.calls("commit")).isEmpty();
    }

    private void running(SalesforceListenerContainer container) {
        container.markRunning(true);
        this.router.add(container);
    }

    private void start() {
        this.connector.start();
        this.dispatcher.start();
        await().atMost(WAIT).until(this.client::isOpen);
    }

    private static StreamingEvent event(String channel, long replayId) {
        return TestEvent.of(channel, replayId, null, Map.of(), "{}");
    }

}
