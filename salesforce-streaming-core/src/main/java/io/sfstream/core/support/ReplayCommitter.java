package io.sfstream.core.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sfstream.core.replay.ReplayPosition;
import io.sfstream.core.replay.ReplayStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest committed position of each channel and saves them to the
 * {@link ReplayStore} in batches: when {@code maxCount} commits are pending, or every
 * {@code maxDelay} on a flusher thread, and on {@link #close()}. Positions never move
 * backwards. Thread-safe.
 */
public final class ReplayCommitter implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ReplayCommitter.class);

    private final ReplayStore store;

    private final int maxCount;

    private final Map<String, ReplayPosition> committed = new ConcurrentHashMap<>();

    /**
     * Channels already read from the store: it is read once per channel (later reads may
     * run on CometD threads).
     */
    private final Set<String> loaded = ConcurrentHashMap.newKeySet();

    private final Object lock = new Object();

    private Map<String, ReplayPosition> pending = new HashMap<>();

    /**
     * Restarted channels whose next save replaces the stored position; under the lock.
     */
    private final Set<String> replacing = new HashSet<>();

    private int pendingCommits;

    private boolean closed;

    private final ScheduledExecutorService flusher;

    private final AtomicBoolean flushRequested = new AtomicBoolean();

    /**
     * Creates the committer and starts its flusher thread,
     * {@code sfstream-replay-flusher}.
     * @param store the store
     * @param maxCount commits per batch, 1 or more
     * @param maxDelay the longest time a commit waits before it is saved
     */
    public ReplayCommitter(ReplayStore store, int maxCount, Duration maxDelay) {
        this(store, maxCount, maxDelay, "sfstream-replay-flusher");
    }

    /**
     * Creates the committer and starts its flusher thread.
     * @param store the store
     * @param maxCount commits per batch, 1 or more
     * @param maxDelay the longest time a commit waits before it is saved
     * @param threadName the flusher thread's name
     */
    public ReplayCommitter(ReplayStore store, int maxCount, Duration maxDelay, String threadName) {
        this.store = store;
        this.maxCount = Math.max(1, maxCount);
        this.flusher = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        long delayMillis = Math.max(1, maxDelay.toMillis());
        this.flusher.scheduleWithFixedDelay(this::flushQuietly, delayMillis, delayMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Commits a position; ignored when it is not after the channel's latest committed
     * position.
     * @param replayKey the channel without filter query
     * @param position the position
     * @return whether the position moved forward
     */
    public boolean commit(String replayKey, ReplayPosition position) {
        boolean flushNow;
        synchronized (this.lock) {
            if (this.closed) {
                logger.debug("Ignoring commit of {} on {}: the client is closed", position.replayId(), replayKey);
                return false;
            }
            ReplayPosition current = this.committed.get(replayKey);
            if (current == null) {
                current = latest(replayKey).orElse(null);
            }
            if (current != null && !position.isAfter(current)) {
                return false;
            }
            this.committed.put(replayKey, position);
            this.pending.put(replayKey, position);
            this.pendingCommits++;
            flushNow = this.pendingCommits >= this.maxCount;
        }
        if (flushNow && this.flushRequested.compareAndSet(false, true)) {
            // Saved on the flusher thread: a durable write (fsync, database round trip)
            // must not hold up the
            // consumer, and flushes stay serialized on one thread.
            try {
                this.flusher.execute(() -> {
                    this.flushRequested.set(false);
                    flushQuietly();
                });
            }
            catch (RejectedExecutionException ex) {
                this.flushRequested.set(false);
            }
        }
        return true;
    }

    /**
     * Forgets a channel's committed position, in this client and as read from the store,
     * so that the next commit is taken whatever its order: after the server rejected the
     * position (a replay fallback), the ids of the new start may sort before the rejected
     * one. The store keeps the old position until the next commit is saved, with
     * {@link ReplayStore#replace}.
     * @param replayKey the channel without filter query
     */
    public void restart(String replayKey) {
        synchronized (this.lock) {
            this.committed.remove(replayKey);
            this.pending.remove(replayKey);
            this.loaded.add(replayKey);
            this.replacing.add(replayKey);
        }
    }

    /**
     * Returns the latest position committed in this client (saved or not yet), else the
     * store's. The store is read the first time a channel is asked for, and not again.
     * @param replayKey the channel without filter query
     * @return the position, or empty
     * @throws io.sfstream.core.ReplayException when the store cannot be read (it is read
     * again next time)
     */
    public Optional<ReplayPosition> latest(String replayKey) {
        if (this.loaded.contains(replayKey)) {
            // Checked first: a loader merges the stored position before it marks the
            // channel loaded.
            return Optional.ofNullable(this.committed.get(replayKey));
        }
        ReplayPosition position = this.committed.get(replayKey);
        if (position != null) {
            return Optional.of(position);
        }
        Optional<ReplayPosition> stored = this.store.load(replayKey);
        stored.ifPresent((found) -> this.committed.merge(replayKey, found,
                (mine, theirs) -> theirs.isAfter(mine) ? theirs : mine));
        this.loaded.add(replayKey);
        return Optional.ofNullable(this.committed.get(replayKey));
    }

    /**
     * Saves every pending position now.
     * @throws io.sfstream.core.ReplayException when the store fails; the positions stay
     * pending
     */
    public void flush() {
        Map<String, ReplayPosition> batch;
        Map<String, ReplayPosition> replaced = Map.of();
        synchronized (this.lock) {
            if (this.pending.isEmpty()) {
                return;
            }
            batch = this.pending;
            this.pending = new HashMap<>();
            this.pendingCommits = 0;
            if (!this.replacing.isEmpty()) {
                replaced = new HashMap<>();
                for (String key : this.replacing) {
                    ReplayPosition position = batch.remove(key);
                    if (position != null) {
                        replaced.put(key, position);
                    }
                }
                this.replacing.removeAll(replaced.keySet());
            }
        }
        Map<String, ReplayPosition> toReplace = new HashMap<>(replaced);
        try {
            for (Map.Entry<String, ReplayPosition> entry : replaced.entrySet()) {
                this.store.replace(entry.getKey(), entry.getValue());
                toReplace.remove(entry.getKey());
                logger.info("Replaced the replay position of {} with {} (after a replay fallback)", entry.getKey(),
                        entry.getValue().replayId());
            }
            if (!batch.isEmpty()) {
                this.store.save(Map.copyOf(batch));
                logger.debug("Saved replay positions {}", batch);
            }
        }
        catch (RuntimeException ex) {
            synchronized (this.lock) {
                batch.forEach((key, position) -> this.pending.merge(key, position,
                        (newer, older) -> newer.isAfter(older) ? newer : older));
                toReplace.forEach((key, position) -> this.pending.putIfAbsent(key, position));
                this.replacing.addAll(toReplace.keySet());
            }
            throw ex;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        }
        catch (RuntimeException ex) {
            logger.error("Saving replay positions failed; retrying at the next flush", ex);
        }
    }

    /**
     * Flushes what is pending, stops the flusher thread and refuses later commits.
     * Idempotent.
     */
    @Override
    public void close() {
        synchronized (this.lock) {
            if (this.closed) {
                return;
            }
            this.closed = true;
        }
        // Let a flush in progress finish: interrupting it would fail a file or JDBC write
        // half-way, and its batch
        // would be put back after the final flush below.
        this.flusher.shutdown();
        try {
            if (!this.flusher.awaitTermination(10, TimeUnit.SECONDS)) {
                this.flusher.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            this.flusher.shutdownNow();
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }

}
