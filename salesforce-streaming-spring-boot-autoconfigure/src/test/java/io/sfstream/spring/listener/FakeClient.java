package io.sfstream.spring.listener;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.sfstream.core.ClientInvalidOperationException;
import io.sfstream.core.ConnectionClosedException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayFrom;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ListenerClient} for the unit tests: records what is done to it, in
 * {@link #calls}; fails the next opens with the failures queued in {@link #openFailures};
 * serves the events queued in {@link #events}. Thread-safe.
 */
final class FakeClient implements ListenerClient {

    /**
     * What was done, in order: {@code open}, {@code close}, {@code subscribe /event/A},
     * {@code commit 7}...
     */
    final List<String> calls = new CopyOnWriteArrayList<>();

    /** When each {@link #open()} was called, from {@link System#nanoTime()}. */
    final List<Long> openTimes = new CopyOnWriteArrayList<>();

    final Queue<StreamingException> openFailures = new ConcurrentLinkedQueue<>();

    final BlockingQueue<StreamingEvent> events = new LinkedBlockingQueue<>();

    final Set<String> subscriptions = ConcurrentHashMap.newKeySet();

    final Set<String> refusedChannels = ConcurrentHashMap.newKeySet();

    /**
     * Whether {@link #open()} waits for Salesforce until {@link #close()} (as the real
     * client does when it hangs).
     */
    volatile boolean openHangs;

    private volatile boolean open;

    private volatile CountDownLatch closing = new CountDownLatch(1);

    @Override
    public void open() {
        this.openTimes.add(System.nanoTime());
        this.calls.add("open");
        if (this.open) {
            throw new ClientInvalidOperationException("The client is already open");
        }
        if (this.openHangs) {
            awaitClose();
            throw new ConnectionClosedException("The client was closed while opening");
        }
        StreamingException failure = this.openFailures.poll();
        if (failure != null) {
            throw failure;
        }
        this.open = true;
        this.closing = new CountDownLatch(1);
    }

    @Override
    public void close() {
        this.calls.add("close");
        this.open = false;
        this.subscriptions.clear();
        this.closing.countDown();
    }

    boolean isOpen() {
        return this.open;
    }

    @Override
    public boolean isSubscribed(String channel) {
        return this.subscriptions.contains(channel);
    }

    @Override
    public void subscribe(String channel, @Nullable ReplayFrom replay) {
        this.calls.add("subscribe " + channel + ((replay != null) ? " from " + replay : ""));
        if (this.refusedChannels.contains(channel)) {
            throw new IllegalArgumentException("refused " + channel);
        }
        this.subscriptions.add(channel);
    }

    @Override
    public void unsubscribe(String channel) {
        this.calls.add("unsubscribe " + channel);
        this.subscriptions.remove(channel);
    }

    @Override
    public @Nullable StreamingEvent receive(Duration timeout) {
        if (!this.open) {
            throw new ClientInvalidOperationException("The client is closed");
        }
        try {
            return this.events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void commit(StreamingEvent event) {
        this.calls.add("commit " + event.replayId());
    }

    List<String> calls(String prefix) {
        return this.calls.stream().filter((call) -> call.startsWith(prefix)).toList();
    }

    private void awaitClose() {
        try {
            this.closing.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
