package io.sfstream.pubsub.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.pubsub.PubSubEvent;
import org.apache.avro.generic.GenericRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link PubSubEvent} built by {@link EventDecoder}; its payload JSON is rendered on
 * first use. Immutable and thread-safe.
 *
 * @param channel the subscribed channel
 * @param kind the channel kind
 * @param replayId the opaque replay id
 * @param eventTime {@code CreatedDate} or {@code ChangeEventHeader.commitTimestamp}
 * @param payload the event's fields
 * @param eventType a change event's {@code changeType}, else {@code null}
 * @param data the CometD-like {@code data}
 * @param message the CometD-like message
 * @param record the Avro record
 * @param schemaId the writer schema's id
 * @param eventId the event's id
 */
record DecodedEvent(String channel, ChannelKind kind, ReplayId replayId, @Nullable Instant eventTime,
        Map<String, Object> payload, @Nullable String eventType, Map<String, Object> data, Map<String, Object> message,
        GenericRecord record, String schemaId, String eventId, JsonHolder json) implements PubSubEvent {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    DecodedEvent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(replayId, "replayId");
    }

    @Override
    public String payloadJson() {
        String rendered = this.json.text;
        if (rendered == null) {
            try {
                rendered = JSON.writeValueAsString(this.payload);
            }
            catch (JacksonException ex) {
                rendered = "{}";
            }
            this.json.text = rendered;
        }
        return rendered;
    }

    @Override
    public String toString() {
        return "PubSubEvent[channel=" + this.channel + ", replayId=" + this.replayId + ", eventTime=" + this.eventTime
                + ", eventType=" + this.eventType + ", schemaId=" + this.schemaId + "]";
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    /** Where the payload's JSON text is kept once rendered. */
    static final class JsonHolder {

        private volatile @Nullable String text;

    }

}
