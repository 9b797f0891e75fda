package io.sfstream.emulator.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every channel's retained events. Change Data Capture channels share one replay id sequence, so an
 * event carries the same replay id on its entity channel and on {@code /data/ChangeEvents}.
 *
 * <p>Thread-safe; survives a restart of the emulator's HTTP server.
 */
public final class EventStore {

    private final Map<String, ChannelHistory> histories = new ConcurrentHashMap<>();
    private final ReplayIdSequence changeEventSequence = new ReplayIdSequence();

    /**
     * Returns the history of a channel, creating it on first use.
     *
     * @param channel the channel name, without any filter query
     * @return the channel's history
     * @throws IllegalArgumentException when the channel has no known kind prefix
     */
    public ChannelHistory history(String channel) {
        return histories.computeIfAbsent(channel, name -> {
            ChannelKind kind = ChannelKind.of(name)
                    .orElseThrow(() -> new IllegalArgumentException("Unknown channel kind: " + name));
            ReplayIdSequence sequence = kind == ChannelKind.CHANGE_DATA_CAPTURE ? changeEventSequence
                    : new ReplayIdSequence();
            return new ChannelHistory(name, kind, sequence);
        });
    }
}
