package io.sfstream.spring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.sfstream.core.AuthenticationException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.TransportException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ClientConnectorTests {

    private static final Duration HOUR = Duration.ofHours(1);

    private final List<StreamingException> openFailures = new CopyOnWriteArrayList<>();

    private final DispatchObserver observer = new DispatchObserver() {

        @Override
        public void openFailed(StreamingException error) {
            ClientConnectorTests.this.openFailures.add(error);
        }
    };

    @Test
    void opensAfterFailuresWaitingTheDelaysOfTheConfiguredBackOff() {
        FakeClient client = new FakeClient();
        client.openFailures.add(new TransportException("unreachable 1"));
        client.openFailures.add(new AuthenticationException("refused 2", null));
        client.openFailures.add(new TransportException("unreachable 3"));
        // Without jitter: 40 ms, 80 ms, then the maximum, 100 ms.
        ClientConnector<FakeClient> connector = connector(client, Duration.ofMillis(40), Duration.ofMillis(100));
        connector.start();
        assertThat(connector.open()).isSameAs(client);
        assertThat(client.isOpen()).isTrue();
        assertThat(this.openFailures).extracting(Throwable::getMessage)
            .containsExactly("unreachable 1", "refused 2", "unreachable 3");
        assertThat(client.openTimes).hasSize(4);
        assertThat(millisBetween(client.openTimes, 0)).isGreaterThanOrEqualTo(40);
        assertThat(millisBetween(client.openTimes, 1)).isGreaterThanOrEqualTo(80);
        assertThat(millisBetween(client.openTimes, 2)).isGreaterThanOrEqualTo(100);
    }

    @Test
    void stoppingDuringTheBackOffEndsOpeningAtOnce() throws Exception {
        FakeClient client = new FakeClient();
        client.openFailures.add(new TransportException("unreachable"));
        ClientConnector<FakeClient> connector = connector(client, HOUR, HOUR);
        connector.start();
        CompletableFuture<FakeClient> opened = CompletableFuture.supplyAsync(connector::open);
        await().atMost(Duration.ofSeconds(10)).until(() -> this.openFailures.size() == 1);
        connector.stop();
        assertThat(opened.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(client.calls).containsExactly("open");
    }

    @Test
    void stoppingDuringAnAttemptClosesTheClientToEndIt() throws Exception {
        FakeClient client = new FakeClient();
        client.openHangs = true;
        ClientConnector<FakeClient> connector = connector(client, HOUR, HOUR);
        connector.start();
        CompletableFuture<FakeClient> opened = CompletableFuture.supplyAsync(connector::open);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.calls.contains("open"));
        connector.stop();
        assertThat(opened.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(client.calls).containsExactly("open", "close");
        assertThat(this.openFailures).isEmpty();
    }

    @Test
    void aStoppedConnectorDoesNotTryToOpen() {
        FakeClient client = new FakeClient();
        ClientConnector<FakeClient> connector = connector(client, HOUR, HOUR);
        connector.start();
        connector.stop();
        assertThat(connector.open()).isNull();
        assertThat(client.calls).isEmpty();
    }

    @Test
    void stoppingLeavesAnOpenClientOpenUntilClosed() {
        FakeClient client = new FakeClient();
        ClientConnector<FakeClient> connector = connector(client, HOUR, HOUR);
        connector.start();
        connector.open();
        connector.stop();
        assertThat(client.isOpen()).isTrue();
        connector.close();
        assertThat(client.calls).containsExactly("open", "close");
    }

    @Test
    void aClientAlreadyOpenCountsAsOpened() {
        FakeClient client = new FakeClient();
        client.open();
        client.calls.clear();
        ClientConnector<FakeClient> connector = connector(client, HOUR, HOUR);
        connector.start();
        assertThat(connector.open()).isSameAs(client);
        assertThat(this.openFailures).isEmpty();
    }

    @Test
    void aStartAfterACloseReopensWithTheNextClientOfTheSupplier() {
        FakeClient first = new FakeClient();
        FakeClient second = new FakeClient();
        List<FakeClient> clients = new CopyOnWriteArrayList<>(List.of(first, second));
        ClientConnector<FakeClient> connector = new ClientConnector<>(() -> clients.remove(0),
                new JitteredExponentialBackOff(HOUR, HOUR), this.observer);
        assertThat(connector.client()).isSameAs(first);
        connector.start();
        assertThat(connector.open()).isSameAs(first);
        connector.stop();
        connector.close();
        assertThat(first.isOpen()).isFalse();
        assertThat(connector.client()).isSameAs(first);
        connector.start();
        assertThat(connector.client()).isSameAs(second);
        assertThat(connector.open()).isSameAs(second);
        assertThat(second.isOpen()).isTrue();
    }

    @Test
    void theSameClientIsReopenedAfterAClose() {
        FakeClient client = new FakeClient();
        ClientConnector<FakeClient> connector = connector(client, HOUR, HOUR);
        for (int term = 0; term < 3; term++) {
            connector.start();
            assertThat(connector.open()).isSameAs(client);
            connector.stop();
            connector.close();
        }
        assertThat(client.calls).containsExactly("open", "close", "open", "close", "open", "close");
    }

    @Test
    void aStartWithoutACloseKeepsTheClient() {
        FakeClient first = new FakeClient();
        List<FakeClient> clients = new CopyOnWriteArrayList<>(List.of(first, new FakeClient()));
        ClientConnector<FakeClient> connector = new ClientConnector<>(() -> clients.remove(0),
                new JitteredExponentialBackOff(HOUR, HOUR), this.observer);
        connector.start();
        connector.stop();
        connector.start();
        assertThat(connector.client()).isSameAs(first);
    }

    /**
     * A connector whose back-off has no jitter: every delay is the ceiling,
     * {@code min(max, initial * 2^n)}.
     */
    private ClientConnector<FakeClient> connector(FakeClient client, Duration initial, Duration max) {
        return new ClientConnector<>(() -> client, new JitteredExponentialBackOff(initial, max, (bound) -> bound),
                this.observer);
    }

    private static long millisBetween(List<Long> nanoTimes, int index) {
        return TimeUnit.NANOSECONDS.toMillis(nanoTimes.get(index + 1) - nanoTimes.get(index));
    }

}
