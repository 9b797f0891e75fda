package io.sfstream.pubsub;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayId;
import org.apache.avro.generic.GenericRecord;

/**
 * An event received over the Pub/Sub API. As a {@link StreamingEvent} it has the shape
 * the CometD transport gives the same event (see the module's README): {@link #payload()}
 * holds the event's fields ({@code CreatedDate} as ISO-8601 text, a change event's
 * {@code ChangeEventHeader} with field names instead of bitmaps, compound fields as maps,
 * unset fields as {@code null}, integers as {@code Long}); {@link #data()} is
 * {@code {"schema": <schema id>, "payload": ..., "event": {"replayId": <base64 of the
 * replay id>, "EventUuid": <event id, platform events>}}}; {@link #message()} is
 * {@code {"channel": ..., "data": ...}}. The Avro record itself is {@link #record()}.
 * Immutable and thread-safe (do not modify the record).
 */
public interface PubSubEvent extends StreamingEvent {

    /**
     * Returns the opaque replay id ({@link ReplayId#toByteArray()}); never {@code null}
     * for a Pub/Sub event.
     * @return the replay id
     */
    @Override
    ReplayId replayId();

    /**
     * Returns the event decoded with its writer schema: change event bitmaps stay as
     * received ({@code 0x...}), {@code CreatedDate} as epoch milliseconds.
     * @return the Avro record
     */
    GenericRecord record();

    /**
     * Returns the id of the event's writer schema ({@code ProducerEvent.schema_id}).
     * @return the schema id
     */
    String schemaId();

    /**
     * Returns the event's id ({@code ProducerEvent.id}): a platform event's
     * {@code EventUuid}.
     * @return the event id
     */
    String eventId();

}
