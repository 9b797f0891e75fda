package io.sfstream.core.client.internal;

import java.time.Duration;

import io.sfstream.core.replay.ReplayFrom;

/**
 * Keeps the events of one channel in order within one Bayeux session, across unsubscribes
 * and subscribes of that channel in the session.
 * <p>
 * The server queues a session's messages first in, first out, and each subscription of a
 * channel is a stream of increasing replay ids: every retained event after the value
 * sent, then live events, until its unsubscribe. When a channel is subscribed again, the
 * connect responses may still carry what is left of earlier streams ahead of the new one.
 * Every stream that has not started arriving, restricted to ids after the value sent, is
 * a prefix of the new stream, so taking it (without duplicates) keeps the order. Only the
 * rest of the stream in progress is not when the new subscribe replays events already
 * received (it resumes before the last one): its events are dropped until a stream starts
 * again, which shows as a replay id not above the one before.
 * <p>
 * Not thread-safe: guarded by the subscription registry's lock.
 */
final class ResubscriptionFence {

    /**
     * How long a fence may drop what is left of an earlier stream before it gives up: the
     * new stream may start above the last event received (its events up to that one
     * expired), which is indistinguishable from left-overs.
     */
    static final Duration STUCK_AFTER = Duration.ofSeconds(30);

    private long armedAtNanos;

    private boolean anyReceived;

    private long lastReceived;

    /** A subscribe is about to be sent: drop everything until it is. */
    private boolean pending;

    private boolean armed;

    private boolean waitingForNextStream;

    private long lastAccepted = Long.MIN_VALUE;

    /**
     * Marks that the channel is being subscribed again: events are held back until
     * {@link #sent(long)}.
     */
    void subscribing() {
        this.pending = true;
    }

    /**
     * Records the replay value sent with the new subscribe.
     * @param value {@code -1}, {@code -2} or a replay id
     */
    void sent(long value) {
        if (!this.pending) {
            return;
        }
        this.pending = false;
        this.armed = true;
        boolean replaysReceivedEvents = value != ReplayFrom.NEW_EVENTS.value() && this.anyReceived
                && value < this.lastReceived;
        this.waitingForNextStream = replaysReceivedEvents;
        this.armedAtNanos = System.nanoTime();
        this.lastAccepted = (value >= 0) ? value : Long.MIN_VALUE;
    }

    /**
     * Whether the fence has been dropping an earlier stream's left-overs for longer than
     * {@link #STUCK_AFTER}; the session should then be replaced by a new one (which
     * replays from the committed position).
     * @param nowNanos {@link System#nanoTime()}
     * @return whether stuck
     */
    boolean isStuck(long nowNanos) {
        return this.waitingForNextStream && nowNanos - this.armedAtNanos > STUCK_AFTER.toNanos();
    }

    /**
     * Records an event of the channel received in this session, taken or not.
     * @param replayId the event's replay id
     * @return whether the event may be delivered: not left over from an earlier
     * subscription out of order, and not a duplicate
     */
    boolean received(long replayId) {
        boolean startsAStream = this.anyReceived && replayId <= this.lastReceived;
        this.anyReceived = true;
        this.lastReceived = replayId;
        if (this.pending) {
            return false;
        }
        if (!this.armed) {
            return true;
        }
        if (this.waitingForNextStream) {
            if (!startsAStream) {
                return false;
            }
            this.waitingForNextStream = false;
        }
        if (replayId <= this.lastAccepted) {
            return false;
        }
        this.lastAccepted = replayId;
        return true;
    }

}
