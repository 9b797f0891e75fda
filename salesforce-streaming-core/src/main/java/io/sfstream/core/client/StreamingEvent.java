package io.sfstream.core.client;

import java.time.Instant;
import java.util.Map;

import io.sfstream.core.replay.ReplayId;
import org.jspecify.annotations.Nullable;

/**
 * One event received on a Streaming API channel. Immutable and thread-safe.
 *
 * <p>
 * Where the fields come from depends on the {@link ChannelKind}: the replay id is
 * {@code data.event.replayId} for every kind; the event time is
 * {@code data.event.createdDate} (PushTopic, generic), {@code data.payload.CreatedDate}
 * (platform events) or {@code data.payload.ChangeEventHeader.commitTimestamp} (Change
 * Data Capture); the business payload is {@code data.sobject} (PushTopic),
 * {@code data.payload} (platform events, Change Data Capture) or the {@code data.payload}
 * string (generic).
 */
public interface StreamingEvent {

    /**
     * Returns the channel the event arrived on, such as {@code /event/Order_Placed__e}.
     * @return the channel
     */
    String channel();

    /**
     * Returns the channel kind.
     * @return the kind
     */
    ChannelKind kind();

    /**
     * Returns the replay id, or {@code null} when the event carried no usable one (such
     * an event is delivered, but its channel's position does not move). A CometD event's
     * id is a number ({@link ReplayId#longValue()}).
     * @return the replay id, or {@code null}
     */
    @Nullable ReplayId replayId();

    /**
     * Returns when the event was created (PushTopic, generic, platform event) or
     * committed (Change Data Capture), or {@code null} when the field is missing or
     * unreadable.
     * @return the event time, or {@code null}
     */
    @Nullable Instant eventTime();

    /**
     * Returns the business payload: the {@code sobject} of a PushTopic event, the
     * {@code payload} of a platform or change event; for a generic event, the payload
     * string parsed as a JSON object when it is one, else a map with the single key
     * {@code payload}.
     * @return the payload, never {@code null} (empty when absent)
     */
    Map<String, Object> payload();

    /**
     * Returns the business payload as JSON text; for a generic event, the payload string
     * itself.
     * @return the payload JSON
     */
    String payloadJson();

    /**
     * Returns the PushTopic event type ({@code created}, {@code updated},
     * {@code deleted}, {@code undeleted}) or the change type of a Change Data Capture
     * event ({@code CREATE}, {@code UPDATE}, ...), or {@code null}.
     * @return the event type, or {@code null}
     */
    @Nullable String eventType();

    /**
     * Returns the message's {@code data} object as received.
     * @return the data, never {@code null} (empty when absent)
     */
    Map<String, Object> data();

    /**
     * Returns the whole Bayeux message as received.
     * @return the raw message
     */
    Map<String, Object> message();

}
