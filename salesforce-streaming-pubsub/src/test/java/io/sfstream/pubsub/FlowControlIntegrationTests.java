package io.sfstream.pubsub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.emulator.SalesforceEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow control with a stalled consumer, and the keepalive watchdog.
 */
class FlowControlIntegrationTests {

    static SalesforceEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = PubSubFixture.startEmulator();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void aStalledConsumerHoldsAtMostMaxPendingCountAndLosesNothingAndTheIdleRuleNeverClosesTheStream()
            throws Exception {
        int max = 10;
        PubSubFixture.RecordingLifecycle lifecycle = new PubSubFixture.RecordingLifecycle();
        try (PubSubClient client = PubSubFixture.inProcess(emulator, new PubSubFixture.CountingAuthenticator(emulator))
            .maxPendingCount(max)
            .lifecycleListener(lifecycle)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS);
            AtomicInteger worst = new AtomicInteger();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    worst.accumulateAndGet(Math.max(client.outstanding(PubSubFixture.ORDERS), client.pendingCount()),
                            Math::max);
                    Thread.onSpinWait();
                }
            });
            sampler.start();
            for (int i = 1; i <= 60; i++) {
                emulator.publish(PubSubFixture.ORDERS, Map.of("Seq__c", i));
            }
            // Stalled for more than the server's idle timeout (3 s): the client parks its
            // stream instead of letting the server close it.
            Thread.sleep(PubSubFixture.IDLE.toMillis() + 1_500);
            assertThat(client.pendingCount()).isEqualTo(max);
            for (int i = 61; i <= 80; i++) {
                emulator.publish(PubSubFixture.ORDERS, Map.of("Seq__c", i));
            }
            List<Long> received = new ArrayList<>();
            while (received.size() < 80) {
                StreamingEvent event = client.receive(Duration.ofSeconds(10));
                assertThat(event).as("event after %s", received.size()).isNotNull();
                received.add((Long) event.payload().get("Seq__c"));
            }
            sampling.set(false);
            sampler.join();
            List<Long> expected = new ArrayList<>();
            for (long i = 1; i <= 80; i++) {
                expected.add(i);
            }
            assertThat(received).isEqualTo(expected);
            assertThat(worst.get()).isLessThanOrEqualTo(max);
            assertThat(lifecycle.disconnected).as("streams closed by the server").hasValue(0);
            assertThat(client.receive(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void theWatchdogResubscribesASilentStreamFromItsPositionWithNothingLost() {
        PubSubFixture.RecordingLifecycle lifecycle = new PubSubFixture.RecordingLifecycle();
        try (PubSubClient client = PubSubFixture.inProcess(emulator, new PubSubFixture.CountingAuthenticator(emulator))
            .lifecycleListener(lifecycle)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.CUSTOM_CHANNEL);
            emulator.publish(PubSubFixture.CUSTOM_CHANNEL, Map.of("Seq__c", 1));
            assertThat(client.receive(Duration.ofSeconds(10)).payload()).containsEntry("Seq__c", 1L);
            emulator.faults().pubSubStopKeepalives();
            long silencedAt = System.nanoTime();
            for (int i = 2; i <= 6; i++) {
                emulator.publish(PubSubFixture.CUSTOM_CHANNEL, Map.of("Seq__c", i));
            }
            List<Object> received = new ArrayList<>();
            while (received.size() < 5) {
                StreamingEvent event = client.receive(Duration.ofSeconds(10));
                assertThat(event).isNotNull();
                received.add(event.payload().get("Seq__c"));
            }
            Duration recovered = Duration.ofNanos(System.nanoTime() - silencedAt);
            assertThat(received).containsExactly(2L, 3L, 4L, 5L, 6L);
            assertThat(recovered).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(8));
            assertThat(lifecycle.disconnected.get()).isPositive();
            assertThat(client.receive(Duration.ofMillis(300))).isNull();
        }
    }

}
