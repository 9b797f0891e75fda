package io.sfstream.core.replay;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A durable replay store in one file. Every save writes a new file beside the old one, forces it to disk and
 * atomically renames it over the old one, so the file is never corrupt, even if the JVM is killed at any moment
 * ({@code kill -9}): it holds either the previous positions or the new ones. Thread-safe within one JVM.
 */
public final class FileReplayStore implements ReplayStore {

    /**
     * Opens the store, reading the file if it exists.
     *
     * @param file the file; its directory is created if missing
     * @throws io.sfstream.core.ReplayException if an existing file cannot be read or parsed
     */
    public FileReplayStore(Path file) {
        throw new UnsupportedOperationException("to be implemented");
    }

    @Override
    public Optional<ReplayPosition> load(String channel) {
        throw new UnsupportedOperationException("to be implemented");
    }

    @Override
    public void save(Map<String, ReplayPosition> positions) {
        throw new UnsupportedOperationException("to be implemented");
    }
}
