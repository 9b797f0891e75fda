package io.sfstream.spring.listener;

import java.util.List;
import java.util.Objects;

import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.spring.Transport;
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
 * @param concurrency how many calls of the method may run at once (on different
 * channels), or 0 for no limit of its own
 * @param transport the API the channels are received over: {@link Transport#COMETD} or
 * {@link Transport#PUBSUB}, never {@link Transport#DEFAULT}
 */
public record SalesforceListenerEndpoint(String id, List<String> channels, @Nullable ReplayFrom replay,
        boolean autoStartup, ListenerMethodInvoker invoker, int concurrency, Transport transport) {

    /**
     * Copies the channel list.
     * @param id the container id
     * @param channels the channels
     * @param replay the replay start, or {@code null}
     * @param autoStartup whether it starts with the registry
     * @param invoker calls the method
     * @param concurrency the calls at once, or 0
     * @param transport the transport, resolved
     */
    public SalesforceListenerEndpoint {
        channels = List.copyOf(channels);
        if (concurrency < 0) {
            throw new IllegalArgumentException("concurrency must be 0 (no limit) or more");
        }
        Objects.requireNonNull(transport, "transport");
        if (transport == Transport.DEFAULT) {
            throw new IllegalArgumentException("the transport of an endpoint is COMETD or PUBSUB, resolved");
        }
    }

    /**
     * An endpoint over the CometD Streaming API.
     * @param id the container id
     * @param channels the channels
     * @param replay the replay start, or {@code null}
     * @param autoStartup whether it starts with the registry
     * @param invoker calls the method
     * @param concurrency the calls at once, or 0
     */
    public SalesforceListenerEndpoint(String id, List<String> channels, @Nullable ReplayFrom replay,
            boolean autoStartup, ListenerMethodInvoker invoker, int concurrency) {
        this(id, channels, replay, autoStartup, invoker, concurrency, Transport.COMETD);
    }

    /**
     * An endpoint over the CometD Streaming API with no concurrency limit of its own.
     * @param id the container id
     * @param channels the channels
     * @param replay the replay start, or {@code null}
     * @param autoStartup whether it starts with the registry
     * @param invoker calls the method
     */
    public SalesforceListenerEndpoint(String id, List<String> channels, @Nullable ReplayFrom replay,
            boolean autoStartup, ListenerMethodInvoker invoker) {
        this(id, channels, replay, autoStartup, invoker, 0);
    }
}
