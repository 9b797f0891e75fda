package io.sfstream.core.client.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import io.sfstream.core.replay.ReplayKey;
import io.sfstream.core.client.internal.SubscriptionRegistry.Subscription;
import io.sfstream.core.replay.ReplayId;

import org.cometd.bayeux.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the messages of subscribed channels off the CometD threads: drops those of abandoned sessions, of channels
 * not (or no longer) subscribed, and left-overs of earlier subscriptions; parses the rest into events, buffers them,
 * and tracks their replay ids. A malformed message is reported and skipped, never thrown. Thread-safe.
 */
final class EventIntake {

    private static final Logger logger = LoggerFactory.getLogger(BayeuxSession.class);

    private final SubscriptionRegistry registry;

    private final EventBuffer buffer;

    private final LifecycleNotifier lifecycle;

    private final LongSupplier liveGeneration;

    private final BiConsumer<LiveSession, String> restart;

    private final StreamingEventParser parser = new StreamingEventParser();

    /**
     * Creates the intake.
     *
     * @param registry the subscriptions; its lock guards the parsing and buffering of each message
     * @param buffer where events go
     * @param lifecycle told of malformed events
     * @param liveGeneration the generation of the live session, -1 when there is none
     * @param restart asks for a new session in place of the given one, for the reason given
     */
    EventIntake(SubscriptionRegistry registry, EventBuffer buffer, LifecycleNotifier lifecycle,
            LongSupplier liveGeneration, BiConsumer<LiveSession, String> restart) {
        this.registry = registry;
        this.buffer = buffer;
        this.lifecycle = lifecycle;
        this.liveGeneration = liveGeneration;
        this.restart = restart;
    }

    /**
     * Handles a message of a session.
     *
     * @param session the session it came from
     * @param message the message
     */
    void onMessage(LiveSession session, Message message) {
        long gen = session.generation;
        if (message.isMeta()) {
            return;
        }
        String channel = message.getChannel();
        if (message.isPublishReply()) {
            // This client never publishes: a message without data on a subscribed channel is a broken event.
            if (message.getId() == null && gen == this.liveGeneration.getAsLong() && this.registry.find(channel) != null) {
                logger.warn("Malformed event on {}: message has no data; skipped", channel);
                this.lifecycle.malformedEvent(channel, "message has no data");
            }
            return;
        }
        try {
            String problem = null;
            SubscriptionRegistry.ReplayGap gap = null;
            SalesforceEvent gapEnd = null;
            synchronized (this.registry) {
                if (gen != this.liveGeneration.getAsLong()) {
                    logger.debug("Ignoring an event of an abandoned session on {}", channel);
                    return;
                }
                Subscription subscription = this.registry.find(channel);
                if (subscription == null || subscription.sentGeneration() != gen) {
                    // Not subscribed, or still flowing from an earlier subscription of this channel whose unsubscribe
                    // the server has not processed: taking it would move the resume position past the events
                    // dropped with it.
                    logger.debug("Ignoring an event on {}: not subscribed (anymore, or not yet)", channel);
                    noteIgnored(session, channel, message);
                    return;
                }

                StreamingEventParser.Result result = this.parser.parseOwned(message, subscription.kind());
                SalesforceEvent event = result.event();
                if (!result.problems().isEmpty()) {
                    problem = String.join("; ", result.problems());
                }
                if (event != null) {
                    ReplayId replayId = event.replayId();
                    ResubscriptionFence fence = (replayId != null) ? session.fence(subscription.replayKey()) : null;
                    if (fence != null && !fence.received(replayId.longValue())) {
                        logger.debug("Ignoring event {} on {}: left over from an earlier subscription in this "
                                + "session, or delivered already", replayId, channel);
                        if (fence.isStuck(System.nanoTime())) {
                            this.restart.accept(session, "the replay of re-subscribed " + channel
                                    + " did not start within " + ResubscriptionFence.STUCK_AFTER.toSeconds() + " s");
                        }
                        return;
                    }
                    this.buffer.add(event);
                    if (replayId != null) {
                        gap = this.registry.enqueued(event.replayKey(), replayId.longValue());
                        gapEnd = event;
                    }
                }
            }
            if (gap != null && gapEnd != null) {
                logGap(gap, gapEnd);
            }
            if (problem != null) {
                logger.warn("Malformed event on {}: {}; delivered without moving the replay position", channel,
                        problem);
                this.lifecycle.malformedEvent(channel, problem);
            }
        }
        catch (RuntimeException ex) {
            logger.error("Skipping an unreadable event on {}", channel, ex);
            this.lifecycle.malformedEvent(String.valueOf(channel), "unreadable: " + ex.getClass().getSimpleName());
        }
    }

    /** Records an ignored event in its channel's order, should the channel be subscribed again in this session. */
    private static void noteIgnored(LiveSession session, String channel, Message message) {
        Long replayId = StreamingEventParser.replayIdOf(message.getDataAsMap());
        if (replayId != null) {
            session.fence(ReplayKey.of(channel)).received(replayId);
        }
    }

    private static void logGap(SubscriptionRegistry.ReplayGap gap, SalesforceEvent first) {
        Instant from = gap.fromTime();
        Instant to = first.eventTime();
        String span = (from != null && to != null) ? "over " + describe(Duration.between(from, to))
                : "over an unknown time (no event time)";
        logger.warn("REPLAY GAP on {}: resumed at replay id {} (event of {}) after the expired replay id {} (event of "
                + "{}): events published in between, {}, were no longer retained and are skipped", gap.channel(),
                first.replayId(), (to != null) ? to : "unknown time", gap.fromReplayId(),
                (from != null) ? from : "unknown time", span);
    }

    private static String describe(Duration span) {
        Duration positive = span.isNegative() ? Duration.ZERO : span;
        return positive.toHours() + " h " + positive.toMinutesPart() + " min " + positive.toSecondsPart() + " s";
    }
}
