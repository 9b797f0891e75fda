package io.sfstream.core.client.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayKey;
import org.jspecify.annotations.Nullable;

/**
 * An immutable {@link StreamingEvent} built by {@link StreamingEventParser}. The maps are
 * unmodifiable deep copies of the received message; the payload's JSON text is rendered
 * on first use only (most consumers never ask for it). Thread-safe.
 */
public final class SalesforceEvent implements StreamingEvent {

    private final String channel;

    private final ChannelKind kind;

    private final @Nullable ReplayId replayId;

    private final @Nullable Instant eventTime;

    private final Map<String, Object> payload;

    private final Function<Map<String, Object>, String> renderJson;

    private volatile @Nullable String payloadJson;

    private final @Nullable String eventType;

    private final Map<String, Object> data;

    private final Map<String, Object> message;

    /**
     * Creates an event whose payload JSON is already known.
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
    public SalesforceEvent(String channel, ChannelKind kind, @Nullable ReplayId replayId, @Nullable Instant eventTime,
            Map<String, Object> payload, String payloadJson, @Nullable String eventType, Map<String, Object> data,
            Map<String, Object> message) {
        this(channel, kind, replayId, eventTime, payload, (ignored) -> payloadJson, eventType, data, message);
        Objects.requireNonNull(payloadJson, "payloadJson");
    }

    /**
     * Creates an event whose payload JSON is rendered on first use.
     * @param channel the channel the event arrived on
     * @param kind the channel kind
     * @param replayId the replay id, or {@code null}
     * @param eventTime the event time, or {@code null}
     * @param payload the business payload
     * @param renderJson renders the payload as JSON text
     * @param eventType the PushTopic or change type, or {@code null}
     * @param data the message's {@code data}
     * @param message the whole message
     */
    public SalesforceEvent(String channel, ChannelKind kind, @Nullable ReplayId replayId, @Nullable Instant eventTime,
            Map<String, Object> payload, Function<Map<String, Object>, String> renderJson, @Nullable String eventType,
            Map<String, Object> data, Map<String, Object> message) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.replayId = replayId;
        this.eventTime = eventTime;
        this.payload = Objects.requireNonNull(payload, "payload");
        this.renderJson = Objects.requireNonNull(renderJson, "renderJson");
        this.eventType = eventType;
        this.data = Objects.requireNonNull(data, "data");
        this.message = Objects.requireNonNull(message, "message");
    }

    @Override
    public String channel() {
        return this.channel;
    }

    @Override
    public ChannelKind kind() {
        return this.kind;
    }

    @Override
    public @Nullable ReplayId replayId() {
        return this.replayId;
    }

    @Override
    public @Nullable Instant eventTime() {
        return this.eventTime;
    }

    @Override
    public Map<String, Object> payload() {
        return this.payload;
    }

    @Override
    public String payloadJson() {
        String json = this.payloadJson;
        if (json == null) {
            json = this.renderJson.apply(this.payload);
            this.payloadJson = json;
        }
        return json;
    }

    @Override
    public @Nullable String eventType() {
        return this.eventType;
    }

    @Override
    public Map<String, Object> data() {
        return this.data;
    }

    @Override
    public Map<String, Object> message() {
        return this.message;
    }

    /**
     * Returns the key of the channel's replay position (the channel without filter
     * query).
     * @return the replay key
     */
    public String replayKey() {
        return ReplayKey.of(this.channel);
    }

    @Override
    public String toString() {
        return "StreamingEvent[channel=" + this.channel + ", replayId=" + this.replayId + ", eventTime="
                + this.eventTime + ", eventType=" + this.eventType + "]";
    }

}
