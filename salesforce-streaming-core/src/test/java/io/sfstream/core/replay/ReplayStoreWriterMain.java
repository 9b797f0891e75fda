package io.sfstream.core.replay;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Run in a child JVM by {@link FileReplayStoreIntegrationTests}: saves increasing
 * positions of one channel as fast as it can, starting after the stored one, and prints
 * each replay id once its save has returned. It runs until killed.
 */
public final class ReplayStoreWriterMain {

    static final String CHANNEL = "/topic/Crash";

    private ReplayStoreWriterMain() {
    }

    public static void main(String[] args) {
        FileReplayStore store = new FileReplayStore(Path.of(args[0]));
        long replayId = store.load(CHANNEL).map((position) -> position.replayId().longValue()).orElse(0L);
        while (true) {
            replayId++;
            store.save(Map.of(CHANNEL, new ReplayPosition(replayId, Instant.now()), "/topic/Other",
                    new ReplayPosition(replayId * 2, null)));
            System.out.println(replayId);
            System.out.flush();
        }
    }

}
