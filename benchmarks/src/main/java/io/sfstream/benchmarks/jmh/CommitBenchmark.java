package io.sfstream.benchmarks.jmh;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.support.ReplayCommitter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The consumer thread's share of a commit: {@link ReplayCommitter#commit} with the
 * default batching (100 commits or 1 s) into an in-memory store, in nanoseconds per
 * commit; every 100th commit hands a save to the flusher thread.
 * {@code java -cp ... org.openjdk.jmh.Main CommitBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CommitBenchmark {

    private static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");

    private ReplayCommitter committer;

    private long replayId;

    @Setup
    public void setUp() {
        this.committer = new ReplayCommitter(new InMemoryReplayStore(), 100, Duration.ofSeconds(1));
    }

    @TearDown
    public void tearDown() {
        this.committer.close();
    }

    @Benchmark
    public boolean commit() {
        return this.committer.commit("/data/AccountChangeEvent", new ReplayPosition(++this.replayId, TIME));
    }

}
