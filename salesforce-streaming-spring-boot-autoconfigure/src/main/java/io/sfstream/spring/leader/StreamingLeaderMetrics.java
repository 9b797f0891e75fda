package io.sfstream.spring.leader;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The {@code salesforce.streaming.leader} gauge (tag {@code group}): 1 while this
 * instance is the leader of its consumer group, 0 while it stands by.
 */
final class StreamingLeaderMetrics implements MeterBinder {

    private final StreamingLeadership leadership;

    private final String consumerGroup;

    StreamingLeaderMetrics(StreamingLeadership leadership, String consumerGroup) {
        this.leadership = leadership;
        this.consumerGroup = consumerGroup;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("salesforce.streaming.leader", this.leadership, (leadership) -> leadership.isLeader() ? 1 : 0)
            .description("Whether this instance is the leader that subscribes (1) or a standby (0)")
            .tag("group", this.consumerGroup)
            .register(registry);
    }

}
