package io.sfstream.emulator;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One event stored by the emulated org, as subscribers receive it.
 *
 * @param channel the channel the event was published on, e.g.
 * {@code /event/Order_Placed__e}
 * @param replayId the event's replay id on that channel
 * @param createdAt when the event was published, on the {@link EmulatorClock}
 * @param data the whole {@code data} object delivered to subscribers (immutable)
 */
public record PublishedEvent(String channel, long replayId, Instant createdAt, Map<String, Object> data) {

    /**
     * Returns the platform event's {@code EventUuid}: {@code data.event.EventUuid} as
     * delivered, and the {@code message} of the {@code OPERATION_ENQUEUED} entry of a
     * REST publish's answer.
     * @return the UUID, {@code null} for events of other channel kinds
     */
    public @Nullable String eventUuid() {
        return this.data.get("event") instanceof Map<?, ?> event && event.get("EventUuid") instanceof String uuid ? uuid
                : null;
    }
}
