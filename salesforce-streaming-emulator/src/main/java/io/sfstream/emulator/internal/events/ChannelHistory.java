package io.sfstream.emulator.internal.events;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import io.sfstream.emulator.PublishedEvent;
import io.sfstream.emulator.internal.org.SalesforceIds;

/**
 * The retained events of one channel, and the lock that orders its publishes and
 * subscribes so that no event is lost or delivered twice around a subscribe.
 *
 * <p>
 * Every method except {@link #lock()} and {@link #startReplayIdsAt(long)} must be called
 * while holding the lock.
 */
public final class ChannelHistory {

    private final String channel;

    private final ChannelKind kind;

    private final ReplayIdSequence sequence;

    private final String schemaId = SalesforceIds.randomAlphanumeric(22);

    private final ReentrantLock lock = new ReentrantLock();

    private final Deque<PublishedEvent> events = new ArrayDeque<>();

    ChannelHistory(String channel, ChannelKind kind, ReplayIdSequence sequence) {
        this.channel = channel;
        this.kind = kind;
        this.sequence = sequence;
    }

    /**
     * Returns the lock guarding this channel.
     * @return the lock
     */
    public ReentrantLock lock() {
        return this.lock;
    }

    /**
     * Returns the channel name.
     * @return the channel
     */
    public String channel() {
        return this.channel;
    }

    /**
     * Returns the channel kind.
     * @return the kind
     */
    public ChannelKind kind() {
        return this.kind;
    }

    /**
     * Returns the id of the channel's event schema, as sent in the {@code schema} field.
     * @return the schema id
     */
    public String schemaId() {
        return this.schemaId;
    }

    /**
     * Returns the next replay id of this channel.
     * @return a replay id greater than every earlier one
     */
    public long nextReplayId() {
        return this.sequence.next();
    }

    /**
     * Sets the replay id of the channel's first event.
     * @param first the first replay id
     * @return {@code false} when the channel's sequence has handed out replay ids already
     */
    boolean startReplayIdsAt(long first) {
        return this.sequence.startAt(first);
    }

    /**
     * Stores an event.
     * @param event the event
     */
    public void append(PublishedEvent event) {
        this.events.addLast(event);
    }

    /**
     * Returns the events still retained at {@code now}, forgetting older ones.
     * @param now the current time
     * @return the retained events, oldest first
     */
    public List<PublishedEvent> retained(Instant now) {
        Instant horizon = now.minus(this.kind.retention());
        while (!this.events.isEmpty() && this.events.peekFirst().createdAt().isBefore(horizon)) {
            this.events.removeFirst();
        }
        return List.copyOf(this.events);
    }

    /**
     * Returns the events a subscribe with {@code replayId} must receive before live
     * events.
     * @param replayId {@code -1} (new events only), {@code -2} (all retained) or a stored
     * replay id
     * @param now the current time
     * @return the events to replay, or empty when {@code replayId} is outside the
     * retention window
     */
    public Optional<List<PublishedEvent>> replayFrom(long replayId, Instant now) {
        List<PublishedEvent> retained = retained(now);
        if (replayId == -1) {
            return Optional.of(List.of());
        }
        if (replayId == -2) {
            return Optional.of(retained);
        }
        if (replayId < 0 || retained.isEmpty() || replayId < retained.get(0).replayId()) {
            return Optional.empty();
        }
        return Optional.of(retained.stream().filter(event -> event.replayId() > replayId).toList());
    }

}
