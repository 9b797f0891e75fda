package io.sfstream.benchmarks.consumer;

import java.nio.file.Path;

import io.sfstream.core.replay.FileReplayStore;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayStore;

/**
 * Creates the replay store a run asks for.
 */
final class ReplayStores {

    private ReplayStores() {
    }

    static ReplayStore create(String kind, Path directory) {
        return switch (kind) {
            case "memory" -> new InMemoryReplayStore();
            case "file" -> new FileReplayStore(directory.resolve("replay-positions.json"));
            case "h2" -> new H2ReplayStore("jdbc:h2:file:" + directory.resolve("replay").toAbsolutePath());
            default -> throw new IllegalArgumentException("Unknown store " + kind);
        };
    }

}
