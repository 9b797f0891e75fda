package io.sfstream.core.client.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.client.StreamingEvent;

import org.jspecify.annotations.Nullable;

/**
 * An immutable {@link StreamingEvent} built by {@link StreamingEventParser}. The maps are unmodifiable deep copies of
 * the received message.
 *
 * @param channel the channel the event arrived on
 * @param kind the channel kind
 * @param replayId the replay id, or {@code null}
 * @param eventTime the event time, or {@code null}
 * @param payload the business payload
 * @param payloadJson the business payload as JSON text
 * @param eventType the PushTopic or change type, or {@code null}
 * @param data the message's {@code data}
 * @param message the whole message
 */
public record SalesforceEvent(String channel, ChannelKind kind, @Nullable Long replayId, @Nullable Instant eventTime,
        Map<String, Object> payload, String payloadJson, @Nullable String eventType, Map<String, Object> data,
        Map<String, Object> message) implements StreamingEvent {

    /**
     * Validates the components.
     */
    public SalesforceEvent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(payloadJson, "payloadJson");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Returns the key of the channel's replay position (the channel without filter query).
     *
     * @return the replay key
     */
    public String replayKey() {
        return ChannelNames.replayKey(this.channel);
    }

    @Override
    public String toString() {
        return "StreamingEvent[channel=" + this.channel + ", replayId=" + this.replayId + ", eventTime="
                + this.eventTime + ", eventType=" + this.eventType + "]";
    }
}
