package io.sfstream.core.replay;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A replay store in memory: positions survive reconnects and re-handshakes but not a
 * restart of the JVM. Thread-safe.
 */
public final class InMemoryReplayStore implements ReplayStore {

    private final Map<String, ReplayPosition> positions = new ConcurrentHashMap<>();

    @Override
    public Optional<ReplayPosition> load(String channel) {
        return Optional.ofNullable(this.positions.get(channel));
    }

    @Override
    public void save(Map<String, ReplayPosition> positions) {
        positions.forEach((channel, position) -> this.positions.merge(channel, position,
                (stored, candidate) -> candidate.isAfter(stored) ? candidate : stored));
    }

    @Override
    public void replace(String channel, ReplayPosition position) {
        this.positions.put(channel, position);
    }

    @Override
    public String toString() {
        return "InMemoryReplayStore" + this.positions;
    }

}
