package io.sfstream.core.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.sfstream.core.ReplayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable replay store in one file. Every save writes a new file beside the old one,
 * forces it to disk and atomically renames it over the old one, so the file is never
 * corrupt, even if the JVM is killed at any moment ({@code kill -9}): it holds either the
 * previous positions or the new ones. Thread-safe within one JVM; one store per file (two
 * processes sharing a file would overwrite each other's positions).
 *
 * <p>
 * The file is JSON:
 * {@code {"version":1,"positions":{"/topic/X":{"replayId":123,"eventTime":"..."}}}}.
 */
public final class FileReplayStore implements ReplayStore {

    private static final Logger logger = LoggerFactory.getLogger(FileReplayStore.class);

    private static final String TEMP_SUFFIX = ".tmp";

    private final Path file;

    private final Path directory;

    /**
     * Where a save writes before renaming over {@link #file}; a name
     * {@link #deleteLeftoverTempFiles()} matches.
     */
    private final Path tempFile;

    /**
     * The positions on disk; replaced, never mutated, under the lock of
     * {@link #save(Map)}.
     */
    private volatile Map<String, ReplayPosition> positions;

    /**
     * Opens the store, reading the file if it exists, and deletes temporary files left by
     * a save that was killed.
     * @param file the file; its directory is created if missing
     * @throws io.sfstream.core.ReplayException if an existing file cannot be read or
     * parsed, or the directory cannot be created
     */
    public FileReplayStore(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.directory = Objects.requireNonNull(this.file.getParent(), "file has no parent directory");
        this.tempFile = this.directory.resolve(tempPrefix() + "saving" + TEMP_SUFFIX);
        try {
            Files.createDirectories(this.directory);
        }
        catch (IOException ex) {
            throw new ReplayException("cannot create the directory of replay store file " + this.file + " ("
                    + ex.getClass().getSimpleName() + "): check the path and its permissions", ex);
        }
        deleteLeftoverTempFiles();
        this.positions = read();
    }

    /**
     * Returns the committed position of a channel, from memory: the file is read once,
     * when the store opens.
     * @param channel the channel, without filter query
     * @return the position, or empty when the channel has none
     */
    @Override
    public Optional<ReplayPosition> load(String channel) {
        return Optional.ofNullable(this.positions.get(channel));
    }

    /**
     * Merges the positions forward (a replay id not greater than the stored one is
     * ignored) and, if anything moved, writes the file durably before returning. When the
     * write fails the stored positions are unchanged, so the next save writes them again.
     * @param positions the latest position of each channel
     * @throws ReplayException when the file cannot be written
     */
    @Override
    public synchronized void save(Map<String, ReplayPosition> positions) {
        Map<String, ReplayPosition> merged = new HashMap<>(this.positions);
        boolean changed = false;
        for (Map.Entry<String, ReplayPosition> entry : positions.entrySet()) {
            ReplayPosition stored = merged.get(entry.getKey());
            if (stored == null || entry.getValue().isAfter(stored)) {
                merged.put(entry.getKey(), entry.getValue());
                changed = true;
            }
        }
        if (changed) {
            write(ReplayPositionsFile.encode(merged));
            this.positions = Map.copyOf(merged);
        }
    }

    /**
     * Replaces a channel's position whatever its order, and writes the file durably.
     * @param channel the channel
     * @param position the new position
     * @throws ReplayException when the file cannot be written
     */
    @Override
    public synchronized void replace(String channel, ReplayPosition position) {
        Map<String, ReplayPosition> replaced = new HashMap<>(this.positions);
        replaced.put(channel, position);
        write(ReplayPositionsFile.encode(replaced));
        this.positions = Map.copyOf(replaced);
    }

    private Map<String, ReplayPosition> read() {
        byte[] content;
        try {
            content = Files.readAllBytes(this.file);
        }
        catch (NoSuchFileException ex) {
            return Map.of();
        }
        catch (IOException ex) {
            throw new ReplayException("cannot read replay store file " + this.file + " ("
                    + ex.getClass().getSimpleName() + "): check its permissions", ex);
        }
        try {
            return Map.copyOf(ReplayPositionsFile.decode(content));
        }
        catch (ReplayPositionsFile.CorruptFileException ex) {
            throw new ReplayException("replay store file " + this.file + " is corrupt: " + ex.getMessage()
                    + ". Restore it from a backup, or delete it to start every channel from its configured replay "
                    + "start");
        }
    }

    private void write(byte[] content) {
        Path temp = null;
        try {
            // One name: saves are serialized and the file has one store, so a random name
            // (createTempFile) buys
            // nothing. Its data is forced before the rename (fdatasync, which covers the
            // new length), so the renamed
            // file is never empty or partial after a crash.
            temp = this.tempFile;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
            Files.move(temp, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            forceDirectory();
        }
        catch (IOException ex) {
            throw new ReplayException("cannot write replay store file " + this.file + " ("
                    + ex.getClass().getSimpleName() + "): check free space and permissions of " + this.directory, ex);
        }
        finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * Makes the rename durable; some platforms (Windows) refuse to open a directory,
     * which is harmless there.
     */
    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(this.directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
        catch (IOException ex) {
            logger.trace("Cannot force directory {} to disk: {}", this.directory, ex.toString());
        }
    }

    private void deleteLeftoverTempFiles() {
        String prefix = tempPrefix();
        DirectoryStream.Filter<Path> leftover = (path) -> {
            String name = path.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX);
        };
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(this.directory, leftover)) {
            for (Path temp : temps) {
                logger.debug("Deleting {}, left by a save that did not finish", temp);
                deleteQuietly(temp);
            }
        }
        catch (IOException ex) {
            logger.debug("Cannot list {} for leftover temporary files: {}", this.directory, ex.toString());
        }
    }

    private String tempPrefix() {
        return "." + this.file.getFileName() + ".";
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException ex) {
            logger.debug("Cannot delete {}: {}", path, ex.toString());
        }
    }

    @Override
    public String toString() {
        return "FileReplayStore[" + this.file + "]";
    }

}
