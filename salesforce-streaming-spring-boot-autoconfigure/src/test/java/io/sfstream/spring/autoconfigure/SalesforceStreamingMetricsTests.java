package io.sfstream.spring.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.spring.support.TestEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SalesforceStreamingMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final SalesforceStreamingMetrics metrics = new SalesforceStreamingMetrics();

    private static StreamingEvent event(String channel, long replayId, Instant eventTime) {
        return TestEvent.of(channel, replayId, eventTime, Map.of("a", 1), "{\"a\":1}");
    }

    @Test
    void countsEveryEventPerChannelAndListenerWithCachedMeters() {
        this.metrics.bindTo(this.registry);
        Instant created = Instant.now().minusSeconds(2);
        for (int i = 0; i < 3; i++) {
            StreamingEvent orders = event("/event/Order__e", i, created);
            this.metrics.received(orders);
            this.metrics.processed(orders, "orders", Duration.ofMillis(5));
        }
        StreamingEvent invoice = event("/event/Invoice__e", 9, null);
        this.metrics.received(invoice);
        this.metrics.processed(invoice, "invoices", Duration.ofMillis(1));
        this.metrics.failed(invoice, "invoices", Duration.ofMillis(1), new IllegalStateException("boom"));

        assertThat(this.registry.get("salesforce.streaming.events.received")
            .tag("channel", "/event/Order__e")
            .counter()
            .count()).isEqualTo(3);
        assertThat(this.registry.get("salesforce.streaming.events.processed")
            .tag("channel", "/event/Order__e")
            .tag("listener", "orders")
            .counter()
            .count()).isEqualTo(3);
        assertThat(
                this.registry.get("salesforce.streaming.listener.duration").tag("listener", "orders").timer().count())
            .isEqualTo(3);
        assertThat(this.registry.get("salesforce.streaming.lag").tag("channel", "/event/Order__e").timer().count())
            .isEqualTo(3);
        assertThat(this.registry.get("salesforce.streaming.lag")
            .tag("channel", "/event/Order__e")
            .timer()
            .totalTime(java.util.concurrent.TimeUnit.SECONDS)).isGreaterThanOrEqualTo(6);
        assertThat(this.registry.get("salesforce.streaming.events.received")
            .tag("channel", "/event/Invoice__e")
            .counter()
            .count()).isEqualTo(1);
        assertThat(this.registry.find("salesforce.streaming.lag").tag("channel", "/event/Invoice__e").timer())
            .as("no lag without an event time")
            .isNull();
        assertThat(this.registry.get("salesforce.streaming.events.processed")
            .tag("listener", "invoices")
            .counter()
            .count()).isEqualTo(1);
        assertThat(
                this.registry.get("salesforce.streaming.events.failed").tag("listener", "invoices").counter().count())
            .isEqualTo(1);
    }

    @Test
    void lifecycleMetersCarryTheTransportOfTheirClient() {
        this.metrics.bindTo(this.registry);
        io.sfstream.core.client.ClientLifecycleListener pubSub = this.metrics.lifecycleOf("pubsub");
        this.metrics.reauthenticated();
        pubSub.reauthenticated();
        pubSub.reauthenticated();
        pubSub.malformedEvent("/event/Order__e", "bad");
        this.metrics.rehandshaked("advice");
        assertThat(this.registry.get("salesforce.streaming.reauthentications")
            .tag("transport", "cometd")
            .counter()
            .count()).isEqualTo(1);
        assertThat(this.registry.get("salesforce.streaming.reauthentications")
            .tag("transport", "pubsub")
            .counter()
            .count()).isEqualTo(2);
        assertThat(this.registry.get("salesforce.streaming.events.malformed")
            .tag("transport", "pubsub")
            .tag("channel", "/event/Order__e")
            .counter()
            .count()).isEqualTo(1);
        assertThat(this.registry.get("salesforce.streaming.reconnects").tag("transport", "cometd").counter().count())
            .isEqualTo(1);
        assertThat(this.registry.find("salesforce.streaming.events.received").meters()).isEmpty();
    }

    @Test
    void eventsOfTheCometDClientAreTaggedCometD() {
        this.metrics.bindTo(this.registry);
        this.metrics.received(event("/event/Order__e", 1, Instant.now()));
        assertThat(
                this.registry.get("salesforce.streaming.events.received").tag("transport", "cometd").counter().count())
            .isEqualTo(1);
    }

    @Test
    void recordsNothingBeforeBeingBound() {
        this.metrics.received(event("/event/Order__e", 1, Instant.now()));
        this.metrics.processed(event("/event/Order__e", 1, Instant.now()), "orders", Duration.ZERO);
        this.metrics.bindTo(this.registry);
        this.metrics.received(event("/event/Order__e", 2, Instant.now()));
        assertThat(this.registry.get("salesforce.streaming.events.received").counter().count()).isEqualTo(1);
    }

}
