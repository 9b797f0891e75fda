package io.sfstream.emulator;

import java.time.Instant;
import java.util.Map;

/**
 * One event stored by the emulated org, as subscribers receive it.
 *
 * @param channel the channel the event was published on, e.g. {@code /event/Order_Placed__e}
 * @param replayId the event's replay id on that channel
 * @param createdAt when the event was published, on the {@link EmulatorClock}
 * @param data the whole {@code data} object delivered to subscribers (immutable)
 */
public record PublishedEvent(String channel, long replayId, Instant createdAt, Map<String, Object> data) {
}
