package io.sfstream.core.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.sfstream.core.ReplayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileReplayStoreIntegrationTests extends ReplayStoreContract {

    private static final Instant TIME = Instant.parse("2026-03-01T10:15:30.123Z");

    @TempDir
    Path directory;

    private Path file() {
        return this.directory.resolve("replay.json");
    }

    @Override
    protected ReplayStore createStore() {
        return new FileReplayStore(file());
    }

    @Test
    void positionsSurviveANewStoreOnTheSameFile() {
        new FileReplayStore(file())
            .save(Map.of("/topic/A", new ReplayPosition(12, TIME), "/data/ChangeEvents", new ReplayPosition(99, null)));
        FileReplayStore reopened = new FileReplayStore(file());
        assertThat(reopened.load("/topic/A")).contains(new ReplayPosition(12, TIME));
        assertThat(reopened.load("/data/ChangeEvents")).contains(new ReplayPosition(99, null));
    }

    @Test
    void replaceMovesAPositionBackwardsDurablyWhereSaveWouldNot() {
        FileReplayStore store = new FileReplayStore(file());
        store.save(Map.of("/event/A__e", new ReplayPosition(900, TIME), "/topic/B", new ReplayPosition(4, null)));
        store.save(Map.of("/event/A__e", new ReplayPosition(5, null)));
        assertThat(store.load("/event/A__e")).contains(new ReplayPosition(900, TIME));
        store.replace("/event/A__e", new ReplayPosition(5, null));
        FileReplayStore reopened = new FileReplayStore(file());
        assertThat(reopened.load("/event/A__e")).contains(new ReplayPosition(5, null));
        assertThat(reopened.load("/topic/B")).contains(new ReplayPosition(4, null));
        InMemoryReplayStore memory = new InMemoryReplayStore();
        memory.save(Map.of("/event/A__e", new ReplayPosition(900, TIME)));
        memory.replace("/event/A__e", new ReplayPosition(5, null));
        assertThat(memory.load("/event/A__e")).contains(new ReplayPosition(5, null));
    }

    @Test
    void theFileHoldsVersionedJson() throws IOException {
        new FileReplayStore(file()).save(Map.of("/topic/A", new ReplayPosition(12, TIME)));
        String json = Files.readString(file()).replaceAll("\\s", "");
        assertThat(json).isEqualTo(
                "{\"version\":1,\"positions\":{\"/topic/A\":{\"replayId\":12,\"eventTime\":\"2026-03-01T10:15:30.123Z\"}}}");
    }

    @Test
    void anOpaqueReplayIdIsWrittenAsBase64BesideNumericOnesInTheSameFormat() throws IOException {
        new FileReplayStore(file()).save(Map.of("/topic/A", new ReplayPosition(12, null), "/data/AccountChangeEvent",
                new ReplayPosition(ReplayId.ofBytes(new byte[] { 0, 0, 0, 0, 0, 1, (byte) 0xe2, 0x40 }), TIME)));
        JsonNode positions = JsonMapper.builder().build().readTree(Files.readString(file())).get("positions");
        assertThat(positions.get("/topic/A").get("replayId").asLong()).isEqualTo(12);
        assertThat(positions.get("/data/AccountChangeEvent").get("replayIdBytes").asString()).isEqualTo("AAAAAAAB4kA=");
        assertThat(positions.get("/data/AccountChangeEvent").has("replayId")).isFalse();
        assertThat(new FileReplayStore(file()).load("/data/AccountChangeEvent").orElseThrow().replayId())
            .isEqualTo(ReplayId.parse("0x000000000001e240"));
    }

    @Test
    void aFileWrittenByHandIsRead() throws IOException {
        Files.writeString(file(), "{\"version\":1,\"positions\":{\"/event/E__e\":{\"replayId\":5},"
                + "\"/topic/T\":{\"replayId\":6,\"eventTime\":\"2026-01-02T03:04:05Z\"}}}");
        FileReplayStore store = new FileReplayStore(file());
        assertThat(store.load("/event/E__e")).contains(new ReplayPosition(5, null));
        assertThat(store.load("/topic/T")).contains(new ReplayPosition(6, Instant.parse("2026-01-02T03:04:05Z")));
    }

    @Test
    void aPositionBehindTheFileIsNotWritten() throws IOException {
        FileReplayStore store = new FileReplayStore(file());
        store.save(Map.of("/topic/A", new ReplayPosition(12, TIME)));
        store.save(Map.of("/topic/A", new ReplayPosition(3, null)));
        assertThat(new FileReplayStore(file()).load("/topic/A")).contains(new ReplayPosition(12, TIME));
    }

    @Test
    void aMissingDirectoryIsCreated() {
        Path nested = this.directory.resolve("a/b/replay.json");
        new FileReplayStore(nested).save(Map.of("/topic/A", new ReplayPosition(1, null)));
        assertThat(nested).exists();
    }

    @Test
    void aCorruptFileFailsWithAMessageNamingTheFileAndTheFix() throws IOException {
        Files.writeString(file(), "{\"version\":1,\"positions\":{\"/topic/A\":{\"replayId\":");
        assertThatExceptionOfType(ReplayException.class).isThrownBy(() -> new FileReplayStore(file()))
            .withMessageContaining(file().toString())
            .withMessageContaining("corrupt")
            .withMessageContaining("delete it");
    }

    @Test
    void aFileWithoutAReplayIdIsCorrupt() throws IOException {
        Files.writeString(file(),
                "{\"version\":1,\"positions\":{\"/topic/A\":{\"eventTime\":\"2026-01-02T03:04:05Z\"}}}");
        assertThatExceptionOfType(ReplayException.class).isThrownBy(() -> new FileReplayStore(file()))
            .withMessageContaining("/topic/A has no integer \"replayId\" (nor \"replayIdBytes\")");
    }

    @Test
    void aFileOfAnotherVersionIsRefused() throws IOException {
        Files.writeString(file(), "{\"version\":2,\"positions\":{}}");
        assertThatExceptionOfType(ReplayException.class).isThrownBy(() -> new FileReplayStore(file()))
            .withMessageContaining("version 2 is not supported");
    }

    @Test
    void anEmptyFileIsCorrupt() throws IOException {
        Files.writeString(file(), "");
        assertThatExceptionOfType(ReplayException.class).isThrownBy(() -> new FileReplayStore(file()))
            .withMessageContaining(file().toString());
    }

    @Test
    void leftoverTemporaryFilesAreDeletedAndIgnored() throws IOException {
        new FileReplayStore(file()).save(Map.of("/topic/A", new ReplayPosition(12, TIME)));
        Path leftover = this.directory.resolve(".replay.json.123456.tmp");
        Files.writeString(leftover, "{\"version\":1,\"posit");
        FileReplayStore store = new FileReplayStore(file());
        assertThat(store.load("/topic/A")).contains(new ReplayPosition(12, TIME));
        assertThat(leftover).doesNotExist();
    }

    @Test
    void savingLeavesNoTemporaryFile() throws IOException {
        FileReplayStore store = new FileReplayStore(file());
        for (int i = 1; i <= 5; i++) {
            store.save(Map.of("/topic/A", new ReplayPosition(i, null)));
        }
        try (var files = Files.list(this.directory)) {
            assertThat(files.map((path) -> path.getFileName().toString())).containsExactly("replay.json");
        }
    }

    @Test
    void aFailedWriteKeepsThePositionsToWriteAgain() throws IOException {
        FileReplayStore store = new FileReplayStore(file());
        store.save(Map.of("/topic/A", new ReplayPosition(1, null)));
        // A directory where the file should be makes the atomic move fail.
        Files.delete(file());
        Files.createDirectory(file());
        Files.writeString(file().resolve("blocker"), "x");
        assertThatExceptionOfType(ReplayException.class)
            .isThrownBy(() -> store.save(Map.of("/topic/A", new ReplayPosition(2, null))))
            .withMessageContaining("cannot write replay store file " + file());
        assertThat(store.load("/topic/A")).contains(new ReplayPosition(1, null));
        Files.delete(file().resolve("blocker"));
        Files.delete(file());
        store.save(Map.of("/topic/A", new ReplayPosition(2, null)));
        assertThat(new FileReplayStore(file()).load("/topic/A")).contains(new ReplayPosition(2, null));
    }

    @Test
    void toStringShowsThePath() {
        assertThat(new FileReplayStore(file())).hasToString("FileReplayStore[" + file().toAbsolutePath() + "]");
    }

    @Test
    void theFileIsReadableWithASavedPositionAfterTheWriterIsKilledAtRandomMoments() throws Exception {
        long previous = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int round = 0; round < 5 && System.nanoTime() < deadline; round++) {
            Process writer = startWriter();
            AtomicLong lastSaved = new AtomicLong(-1);
            CountDownLatch firstSave = new CountDownLatch(1);
            Thread reader = readSavedIds(writer, lastSaved, firstSave);
            try {
                assertThat(firstSave.await(30, TimeUnit.SECONDS)).as("the writer saved a position").isTrue();
                Thread.sleep(ThreadLocalRandom.current().nextLong(1, 150));
            }
            finally {
                writer.destroyForcibly();
                assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
                reader.join(10_000);
            }
            long stored = new FileReplayStore(file()).load(ReplayStoreWriterMain.CHANNEL)
                .orElseThrow()
                .replayId()
                .longValue();
            // Never older than the last save the writer confirmed. It may be newer: the
            // save in flight when the kill
            // came may have completed its rename before printing its id, and under load
            // the last printed lines can be
            // lost with the killed process's pipe.
            assertThat(stored).as("round %d", round).isGreaterThanOrEqualTo(lastSaved.get());
            assertThat(stored).isGreaterThanOrEqualTo(previous);
            assertThat(new FileReplayStore(file()).load("/topic/Other")).contains(new ReplayPosition(stored * 2, null));
            previous = stored;
        }
        assertThat(previous).isPositive();
    }

    private Process startWriter() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ReplayStoreWriterMain.class.getName(), file().toString()))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    }

    private static Thread readSavedIds(Process writer, AtomicLong lastSaved, CountDownLatch firstSave) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    lastSaved.set(Long.parseLong(line.trim()));
                    firstSave.countDown();
                }
            }
            catch (IOException | NumberFormatException ex) {
                // the writer was killed in the middle of a line: keep the last complete
                // one
            }
        }, "replay-writer-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

}
