package io.sfstream.emulator.internal.pubsub;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.sfstream.emulator.PublishedEvent;
import org.jspecify.annotations.Nullable;

/**
 * One event of a Pub/Sub topic: the stored Bayeux event, the schema it was given when
 * published, and its Avro payload, encoded when a subscriber first needs it. Thread-safe.
 */
final class LogEntry {

    private final PublishedEvent event;

    private final EventSchemas.Version schema;

    private final String id;

    private volatile byte @Nullable [] payload;

    LogEntry(PublishedEvent event, EventSchemas.Version schema) {
        this.event = event;
        this.schema = schema;
        String uuid = event.eventUuid();
        this.id = (uuid != null) ? uuid : UUID.nameUUIDFromBytes(replayIdBytes()).toString();
    }

    long replayId() {
        return this.event.replayId();
    }

    Instant createdAt() {
        return this.event.createdAt();
    }

    /** The replay id as Pub/Sub sends it: 8 bytes, big-endian. */
    byte[] replayIdBytes() {
        return bytes(this.event.replayId());
    }

    String id() {
        return this.id;
    }

    String schemaId() {
        return this.schema.id();
    }

    byte[] payload(EventEncoder encoder) {
        byte[] encoded = this.payload;
        if (encoded == null) {
            encoded = encoder.encode(this.schema.schema(), payload(this.event.data()), this.event.createdAt());
            this.payload = encoded;
        }
        return encoded;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Map<String, Object> data) {
        return (data.get("payload") instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
    }

    static byte[] bytes(long replayId) {
        return ByteBuffer.allocate(Long.BYTES).putLong(replayId).array();
    }

}
