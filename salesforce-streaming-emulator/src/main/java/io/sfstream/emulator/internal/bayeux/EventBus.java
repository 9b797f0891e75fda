package io.sfstream.emulator.internal.bayeux;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sfstream.emulator.EmulatorClock;
import io.sfstream.emulator.PublishedEvent;
import io.sfstream.emulator.internal.events.ChannelCatalog;
import io.sfstream.emulator.internal.events.ChannelHistory;
import io.sfstream.emulator.internal.events.ChannelKind;
import io.sfstream.emulator.internal.events.EventShapes;
import io.sfstream.emulator.internal.events.EventStore;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.ServerMessageImpl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores published events and delivers them to subscribed Bayeux sessions. A publish and
 * a subscribe to the same channel run under that channel's lock, so a subscriber gets
 * every event exactly once: replayed if stored before its subscribe, live if stored
 * after.
 *
 * <p>
 * Thread-safe.
 */
public final class EventBus {

    private static final Logger logger = LoggerFactory.getLogger(EventBus.class);

    private final ChannelCatalog catalog;

    private final EventStore store;

    private final EventShapes shapes = new EventShapes();

    private final EmulatorClock clock;

    /** channel -> (session id + subscription) -> subscriber. */
    private final Map<String, Map<String, Subscriber>> subscribers = new ConcurrentHashMap<>();

    private final List<PublishListener> publishListeners = new CopyOnWriteArrayList<>();

    /**
     * Creates the bus.
     * @param catalog the declared channels
     * @param store the retained events
     * @param clock the org's clock
     */
    public EventBus(ChannelCatalog catalog, EventStore store, EmulatorClock clock) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Publishes events on a declared channel, atomically: subscribers get them all in one
     * batch.
     * @param channel the channel, e.g. {@code /event/Order_Placed__e}
     * @param events the fields of each event (see {@link EventShapes})
     * @param pushTopicType the PushTopic event {@code type}, {@code null} for
     * {@code created}
     * @param userId the publishing user's id
     * @return the stored events
     * @throws IllegalArgumentException when the channel is not declared
     * @throws io.sfstream.emulator.InvalidFieldException when a platform event declared
     * with fields gets another field (nothing is stored)
     */
    public List<PublishedEvent> publish(String channel, List<Map<String, Object>> events,
            @Nullable String pushTopicType, String userId) {
        if (!this.catalog.isDeclared(channel) || ChannelCatalog.ALL_CHANGE_EVENTS.equals(channel)) {
            throw new IllegalArgumentException("Channel not declared in the emulated org: " + channel);
        }
        if (channel.startsWith(ChannelKind.PLATFORM_EVENT.prefix())) {
            events = events.stream().map(fields -> this.catalog.checkPlatformEventFields(channel, fields)).toList();
        }
        ChannelHistory history = this.store.history(channel);
        ChannelHistory allChanges = history.kind() == ChannelKind.CHANGE_DATA_CAPTURE
                ? this.store.history(ChannelCatalog.ALL_CHANGE_EVENTS) : null;
        history.lock().lock();
        if (allChanges != null) {
            allChanges.lock().lock();
        }
        try {
            Instant now = this.clock.now();
            List<PublishedEvent> published = new ArrayList<>();
            List<PublishedEvent> alsoOnAllChanges = new ArrayList<>();
            for (Map<String, Object> fields : events) {
                long replayId = history.nextReplayId();
                Map<String, Object> data = shape(history, replayId, now, fields, pushTopicType, userId);
                PublishedEvent event = new PublishedEvent(channel, replayId, now, data);
                history.append(event);
                published.add(event);
                if (allChanges != null) {
                    PublishedEvent copy = new PublishedEvent(ChannelCatalog.ALL_CHANGE_EVENTS, replayId, now, data);
                    allChanges.append(copy);
                    alsoOnAllChanges.add(copy);
                }
            }
            deliver(channel, published);
            if (allChanges != null) {
                deliver(ChannelCatalog.ALL_CHANGE_EVENTS, alsoOnAllChanges);
            }
            notifyListeners(channel, channel, published);
            if (allChanges != null) {
                notifyListeners(channel, ChannelCatalog.ALL_CHANGE_EVENTS, alsoOnAllChanges);
            }
            return List.copyOf(published);
        }
        finally {
            if (allChanges != null) {
                allChanges.lock().unlock();
            }
            history.lock().unlock();
        }
    }

    /**
     * Adds a listener told of every publish, under the channel's lock, after the Bayeux
     * subscribers got the events (the Pub/Sub API server uses it). A listener that throws
     * is logged and the publish goes on.
     * @param listener the listener
     */
    public void addPublishListener(PublishListener listener) {
        this.publishListeners.add(listener);
    }

    private void notifyListeners(String eventType, String channel, List<PublishedEvent> events) {
        for (PublishListener listener : this.publishListeners) {
            try {
                listener.published(eventType, channel, events);
            }
            catch (RuntimeException ex) {
                logger.warn("Publish listener {} failed on {} event(s) of {}", listener, events.size(), channel, ex);
            }
        }
    }

    /**
     * Subscribes a session: replays the requested retained events, then registers it for
     * live ones.
     * @param session the subscribing session
     * @param subscription what it subscribes to
     * @param replayId {@code -1}, {@code -2} or a stored replay id
     * @return {@code false} when {@code replayId} is outside the retention window
     * (nothing done)
     */
    public boolean subscribe(ServerSession session, Subscription subscription, long replayId) {
        ChannelHistory history = this.store.history(subscription.channel());
        history.lock().lock();
        try {
            var replay = history.replayFrom(replayId, this.clock.now());
            if (replay.isEmpty()) {
                return false;
            }
            Subscriber subscriber = new Subscriber(session, subscription);
            subscriber.deliver(replay.get());
            this.subscribers.computeIfAbsent(subscription.channel(), c -> new ConcurrentHashMap<>())
                .put(session.getId() + " " + subscription.subscription(), subscriber);
            return true;
        }
        finally {
            history.lock().unlock();
        }
    }

    /**
     * Makes the replay ids of a channel start at {@code first}, if it has had no events
     * yet.
     * @param channel the channel
     * @param first the first replay id, at least 1
     * @return {@code false} when the channel has had events already
     */
    public boolean startReplayIdsAt(String channel, long first) {
        return this.store.startReplayIdsAt(channel, first);
    }

    /**
     * Removes one subscription of a session.
     * @param sessionId the session
     * @param subscription the channel as subscribed
     */
    public void unsubscribe(String sessionId, String subscription) {
        Map<String, Subscriber> ofChannel = this.subscribers.get(Subscription.parse(subscription).channel());
        if (ofChannel != null) {
            ofChannel.remove(sessionId + " " + subscription);
        }
    }

    /**
     * Removes every subscription of a session.
     * @param sessionId the session
     */
    public void removeSession(String sessionId) {
        this.subscribers.values()
            .forEach(ofChannel -> ofChannel.values().removeIf(s -> s.session.getId().equals(sessionId)));
    }

    /** Forgets every subscriber (the Bayeux server stopped). */
    public void clearSubscribers() {
        this.subscribers.clear();
    }

    /**
     * Returns the client ids subscribed to each channel.
     * @return channel to client ids, a sorted immutable snapshot without empty channels
     */
    public Map<String, Set<String>> subscribersByChannel() {
        Map<String, Set<String>> snapshot = new TreeMap<>();
        this.subscribers.forEach((channel, ofChannel) -> {
            Set<String> ids = new TreeSet<>();
            ofChannel.values().forEach(s -> ids.add(s.session.getId()));
            if (!ids.isEmpty()) {
                snapshot.put(channel, Set.copyOf(ids));
            }
        });
        return Map.copyOf(snapshot);
    }

    private void deliver(String channel, List<PublishedEvent> events) {
        Map<String, Subscriber> ofChannel = this.subscribers.get(channel);
        if (ofChannel != null) {
            ofChannel.values().forEach(subscriber -> subscriber.deliver(events));
        }
    }

    private Map<String, Object> shape(ChannelHistory history, long replayId, Instant now, Map<String, Object> fields,
            @Nullable String pushTopicType, String userId) {
        return switch (history.kind()) {
            case PUSH_TOPIC ->
                this.shapes.pushTopic(replayId, now, pushTopicType == null ? "created" : pushTopicType, fields);
            case GENERIC -> this.shapes.generic(replayId, now, fields);
            case PLATFORM_EVENT -> this.shapes.platformEvent(replayId, now, history.schemaId(), userId, fields);
            case CHANGE_DATA_CAPTURE -> this.shapes.changeEvent(replayId, now, history.schemaId(),
                    ChannelCatalog.changeEventEntity(history.channel()), userId, fields);
        };
    }

    /**
     * Told of every publish, in replay id order per channel (the channel's lock is held).
     */
    @FunctionalInterface
    public interface PublishListener {

        /**
         * Events were stored on a channel.
         * @param eventType the channel they were published on (a Change Data Capture
         * entity channel for the copies on {@code /data/ChangeEvents})
         * @param channel the channel they were stored on
         * @param events the stored events, in order
         */
        void published(String eventType, String channel, List<PublishedEvent> events);

    }

    private record Subscriber(ServerSession session, Subscription subscription) {

        void deliver(List<PublishedEvent> events) {
            List<PublishedEvent> accepted = events.stream().filter(this.subscription::accepts).toList();
            if (accepted.isEmpty()) {
                return;
            }
            this.session.batch(() -> accepted.forEach(event -> {
                ServerMessage.Mutable message = new ServerMessageImpl();
                message.setChannel(this.subscription.subscription());
                message.setData(event.data());
                this.session.deliver(null, message, Promise.noop());
            }));
        }
    }

}
