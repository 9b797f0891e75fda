package io.sfstream.pubsub.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.pubsub.internal.proto.ConsumerEvent;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a {@code ConsumerEvent}: its payload is one Avro datum in plain binary
 * encoding, read with the writer schema its {@code schema_id} names ({@link Schemas}),
 * then shaped as the CometD transport delivers the same event ({@link AvroPayloads}).
 * Thread-safe.
 */
final class EventDecoder {

    private final Schemas schemas;

    /**
     * The decoder of the last event, reused with its 8 KB read buffer (a new one per
     * event was half of the client's allocation); only the connection's intake thread
     * decodes.
     */
    private @Nullable BinaryDecoder reused;

    EventDecoder(Schemas schemas) {
        this.schemas = schemas;
    }

    /**
     * Decodes an event.
     * @param channel the subscribed channel
     * @param kind its kind
     * @param event the received event
     * @return the event
     * @throws SchemaUnavailableException when its schema cannot be fetched (the event is
     * fine: fetch it again later)
     * @throws MalformedEventException when the payload cannot be read with its schema
     */
    DecodedEvent decode(String channel, ChannelKind kind, ConsumerEvent event) {
        String schemaId = event.getEvent().getSchemaId();
        GenericDatumReader<GenericRecord> reader;
        try {
            reader = this.schemas.reader(schemaId);
        }
        catch (RuntimeException ex) {
            throw new SchemaUnavailableException("Fetching schema " + schemaId + " failed: " + ex.getMessage(), ex);
        }
        GenericRecord record;
        try {
            // From the payload's bytes (a copy of the datum): an InputStream source would
            // allocate an 8 KB read buffer per event, even with a decoder to reuse.
            byte[] datum = event.getEvent().getPayload().toByteArray();
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(datum, 0, datum.length, this.reused);
            this.reused = decoder;
            record = reader.read(null, decoder);
        }
        catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException ex) {
            throw new MalformedEventException("its payload cannot be read with schema " + schemaId + ": " + ex, ex);
        }
        try {
            return shape(channel, kind, event, record, schemaId);
        }
        catch (RuntimeException ex) {
            throw new MalformedEventException("it cannot be shaped as an event (" + ex + ")", ex);
        }
    }

    private static DecodedEvent shape(String channel, ChannelKind kind, ConsumerEvent event, GenericRecord record,
            String schemaId) {
        ReplayId replayId = ReplayId.ofBytes(event.getReplayId().toByteArray());
        Map<String, Object> payload = AvroPayloads.payload(record);
        Map<String, Object> header = asMap(payload.get(AvroPayloads.CHANGE_EVENT_HEADER));
        Instant eventTime = eventTime(kind, payload, header);
        String eventType = (kind == ChannelKind.CHANGE_DATA_CAPTURE && header != null
                && header.get("changeType") instanceof String type) ? type : null;
        String eventId = event.getEvent().getId();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("replayId", Base64.getEncoder().encodeToString(replayId.toByteArray()));
        if (kind == ChannelKind.PLATFORM_EVENT) {
            meta.put("EventUuid", eventId);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("schema", schemaId);
        data.put("payload", payload);
        data.put("event", Collections.unmodifiableMap(meta));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("channel", channel);
        message.put("data", Collections.unmodifiableMap(data));
        return new DecodedEvent(channel, kind, replayId, eventTime, payload, eventType,
                Collections.unmodifiableMap(data), Collections.unmodifiableMap(message), record, schemaId, eventId,
                new DecodedEvent.JsonHolder());
    }

    private static @Nullable Instant eventTime(ChannelKind kind, Map<String, Object> payload,
            @Nullable Map<String, Object> header) {
        if (kind == ChannelKind.CHANGE_DATA_CAPTURE) {
            return (header != null && header.get("commitTimestamp") instanceof Long millis)
                    ? Instant.ofEpochMilli(millis) : null;
        }
        if (payload.get(AvroPayloads.CREATED_DATE) instanceof String text) {
            try {
                return Instant.parse(text);
            }
            catch (RuntimeException ex) {
                return null;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Map<String, Object> asMap(@Nullable Object value) {
        return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : null;
    }

    /** The writer schema of an event could not be fetched. */
    static final class SchemaUnavailableException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SchemaUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }

    }

    /** An event's payload could not be read with its writer schema. */
    static final class MalformedEventException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }

    }

}
