package io.sfstream.spring.support;

import java.time.Instant;
import java.util.Map;

import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayId;
import org.jspecify.annotations.Nullable;

/**
 * A {@link StreamingEvent} built by a test, through the core's public API only.
 *
 * @param channel the channel
 * @param replayId the replay id, or {@code null}
 * @param eventTime the event time, or {@code null}
 * @param payload the payload
 * @param payloadJson the payload as JSON
 */
public record TestEvent(String channel, @Nullable ReplayId replayId, @Nullable Instant eventTime,
        Map<String, Object> payload, String payloadJson) implements StreamingEvent {

    /**
     * An event with a numeric replay id.
     * @param channel the channel
     * @param replayId the replay id
     * @param eventTime the event time, or {@code null}
     * @param payload the payload
     * @param payloadJson the payload as JSON
     * @return the event
     */
    public static TestEvent of(String channel, long replayId, @Nullable Instant eventTime, Map<String, Object> payload,
            String payloadJson) {
        return new TestEvent(channel, ReplayId.of(replayId), eventTime, payload, payloadJson);
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.of(this.channel);
    }

    @Override
    public @Nullable String eventType() {
        return null;
    }

    @Override
    public Map<String, Object> data() {
        return Map.of("payload", this.payload);
    }

    @Override
    public Map<String, Object> message() {
        return Map.of("channel", this.channel, "data", data());
    }
}
