package io.sfstream.emulator.internal.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Every channel's retained events. Change Data Capture channels share one replay id
 * sequence, so an event carries the same replay id on its entity channel and on
 * {@code /data/ChangeEvents}.
 *
 * <p>
 * Thread-safe; survives a restart of the emulator's HTTP server.
 */
public final class EventStore {

    private final Map<String, ChannelHistory> histories = new ConcurrentHashMap<>();

    private final ReplayIdSequence changeEventSequence = new ReplayIdSequence();

    private volatile @Nullable Long firstReplayId;

    /**
     * Returns the history of a channel, creating it on first use.
     * @param channel the channel name, without any filter query
     * @return the channel's history
     * @throws IllegalArgumentException when the channel has no known kind prefix
     */
    public ChannelHistory history(String channel) {
        return this.histories.computeIfAbsent(channel, name -> {
            ChannelKind kind = ChannelKind.of(name)
                .orElseThrow(() -> new IllegalArgumentException("Unknown channel kind: " + name));
            Long first = this.firstReplayId;
            ReplayIdSequence sequence = kind == ChannelKind.CHANGE_DATA_CAPTURE ? this.changeEventSequence
                    : first == null ? new ReplayIdSequence() : new ReplayIdSequence(first);
            return new ChannelHistory(name, kind, sequence);
        });
    }

    /**
     * Makes the replay ids of every channel without events yet start at {@code first}.
     * @param first the first replay id of each channel, at least 1
     */
    public void startReplayIdsAt(long first) {
        requirePositive(first);
        this.firstReplayId = first;
        this.changeEventSequence.startAt(first);
        this.histories.values().forEach(history -> history.startReplayIdsAt(first));
    }

    /**
     * Makes the replay ids of one channel start at {@code first}. Change Data Capture
     * channels share one sequence: starting one starts them all,
     * {@code /data/ChangeEvents} included.
     * @param channel the channel
     * @param first its first replay id, at least 1
     * @return {@code false} when the channel (or, for Change Data Capture, any change
     * event channel) has had events already
     */
    public boolean startReplayIdsAt(String channel, long first) {
        requirePositive(first);
        return history(channel).startReplayIdsAt(first);
    }

    private static void requirePositive(long first) {
        if (first < 1) {
            throw new IllegalArgumentException("A replay id starts at 1 or more, not " + first);
        }
    }

}
