package io.sfstream.spring.listener;

import java.util.List;

import io.sfstream.core.replay.ReplayFrom;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link io.sfstream.spring.SalesforceListener} method declares, with placeholders
 * resolved.
 *
 * @param id the container id
 * @param channels the channels, validated
 * @param replay where the channels start when they have no stored position, or
 * {@code null} for the default
 * @param autoStartup whether the container starts with the registry
 * @param invoker calls the method
 */
public record SalesforceListenerEndpoint(String id, List<String> channels, @Nullable ReplayFrom replay,
        boolean autoStartup, ListenerMethodInvoker invoker) {

    /**
     * Copies the channel list.
     * @param id the container id
     * @param channels the channels
     * @param replay the replay start, or {@code null}
     * @param autoStartup whether it starts with the registry
     * @param invoker calls the method
     */
    public SalesforceListenerEndpoint {
        channels = List.copyOf(channels);
    }
}
