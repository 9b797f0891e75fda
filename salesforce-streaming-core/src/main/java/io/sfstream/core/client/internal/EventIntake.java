package io.sfstream.core.client.internal;

import java.time.Duration;
import java.time.Instant;

import io.sfstream.core.client.internal.SubscriptionRegistry.Admission;
import io.sfstream.core.client.internal.SubscriptionRegistry.Subscription;
import io.sfstream.core.support.LifecycleNotifier;
import org.cometd.bayeux.Message;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the messages of subscribed channels off the CometD threads: drops those of
 * abandoned sessions, of channels not (or no longer) subscribed, and left-overs of
 * earlier subscriptions; parses the rest into events and hands them to the
 * {@link SubscriptionRegistry}, which buffers them and tracks their replay ids. A
 * malformed message is reported and skipped, never thrown. Thread-safe.
 */
final class EventIntake {

    private static final Logger logger = LoggerFactory.getLogger(EventIntake.class);

    private final SubscriptionRegistry registry;

    private final EventBuffer buffer;

    private final LifecycleNotifier lifecycle;

    private final StreamingEventParser parser = new StreamingEventParser();

    /**
     * Creates the intake.
     * @param registry the subscriptions, which take the events in
     * @param buffer where events go
     * @param lifecycle told of malformed events
     */
    EventIntake(SubscriptionRegistry registry, EventBuffer buffer, LifecycleNotifier lifecycle) {
        this.registry = registry;
        this.buffer = buffer;
        this.lifecycle = lifecycle;
    }

    /**
     * Handles a message of a session.
     * @param session the session it came from
     * @param message the message
     * @return why the session should be replaced by a new one, or {@code null}
     */
    @Nullable String onMessage(BayeuxSession session, Message message) {
        if (message.isMeta()) {
            return null;
        }
        String channel = message.getChannel();
        if (message.isPublishReply()) {
            // This client never publishes: a message without data on a subscribed channel
            // is a broken event.
            if (message.getId() == null && session.isLive() && this.registry.find(channel) != null) {
                logger.warn("Malformed event on {}: message has no data; skipped", channel);
                this.lifecycle.malformedEvent(channel, "message has no data");
            }
            return null;
        }
        try {
            Subscription subscription = this.registry.subscribedIn(channel, session.streams);
            if (subscription == null) {
                logger.debug("Ignoring an event on {}: not subscribed in this session (anymore, or not yet)", channel);
                this.registry.ignored(channel, StreamingEventParser.replayIdOf(message.getDataAsMap()),
                        session.streams);
                return null;
            }
            StreamingEventParser.Result result = this.parser.parseOwned(message, subscription.kind());
            SalesforceEvent event = result.event();
            Admission admission = (event != null)
                    ? this.registry.enqueue(subscription, event, session.streams, this.buffer) : null;
            if (admission != null && admission.gap() != null) {
                logGap(admission.gap(), event);
            }
            if (!result.problems().isEmpty()) {
                String problem = String.join("; ", result.problems());
                logger.warn("Malformed event on {}: {}; delivered without moving the replay position", channel,
                        problem);
                this.lifecycle.malformedEvent(channel, problem);
            }
            if (admission != null && admission.stuck()) {
                return "the replay of re-subscribed " + channel + " did not start within "
                        + ResubscriptionFence.STUCK_AFTER.toSeconds() + " s";
            }
        }
        catch (RuntimeException ex) {
            logger.error("Skipping an unreadable event on {}", channel, ex);
            this.lifecycle.malformedEvent(String.valueOf(channel), "unreadable: " + ex.getClass().getSimpleName());
        }
        return null;
    }

    private static void logGap(SubscriptionRegistry.ReplayGap gap, SalesforceEvent first) {
        Instant from = gap.fromTime();
        Instant to = first.eventTime();
        String span = (from != null && to != null) ? "over " + describe(Duration.between(from, to))
                : "over an unknown time (no event time)";
        logger.warn(
                "REPLAY GAP on {}: resumed at replay id {} (event of {}) after the expired replay id {} (event of "
                        + "{}): events published in between, {}, were no longer retained and are skipped",
                gap.channel(), first.replayId(), (to != null) ? to : "unknown time", gap.fromReplayId(),
                (from != null) ? from : "unknown time", span);
    }

    private static String describe(Duration span) {
        Duration positive = span.isNegative() ? Duration.ZERO : span;
        return positive.toHours() + " h " + positive.toMinutesPart() + " min " + positive.toSecondsPart() + " s";
    }

}
