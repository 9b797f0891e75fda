package io.sfstream.emulator;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A {@code /meta/subscribe} the emulator answered.
 *
 * @param clientId the subscribing client
 * @param subscription the channel subscribed to, as sent (may carry a PushTopic filter
 * query)
 * @param replay the {@code ext.replay} map the subscribe carried (empty when none)
 * @param successful whether the subscribe succeeded
 * @param error the {@code error} of a failed reply, {@code null} on success
 * @param at when it happened, on the emulator clock
 */
public record SubscribeObservation(@Nullable String clientId, String subscription, Map<String, Object> replay,
        boolean successful, @Nullable String error, Instant at) {
}
