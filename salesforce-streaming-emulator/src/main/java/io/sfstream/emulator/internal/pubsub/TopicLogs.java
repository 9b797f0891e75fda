package io.sfstream.emulator.internal.pubsub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.sfstream.emulator.PublishedEvent;
import io.sfstream.emulator.internal.bayeux.EventBus;
import io.sfstream.emulator.internal.events.ChannelCatalog;
import io.sfstream.emulator.internal.events.ChannelKind;
import io.sfstream.emulator.internal.events.EventShapes;

/**
 * The Pub/Sub side of the org's events: listens to every publish of the {@link EventBus}
 * (under the channel's lock, so in replay id order), gives each platform and change event
 * its schema and appends it to its topic's log, then tells the streams of that topic.
 * PushTopic and generic events are not on the Pub/Sub API. Costs a schema check per event
 * on the publish path; payloads are encoded only when a subscriber needs them.
 * Thread-safe.
 */
final class TopicLogs implements EventBus.PublishListener {

    private final ChannelCatalog catalog;

    private final EventSchemas schemas;

    private final Map<String, TopicLog> logs = new ConcurrentHashMap<>();

    private final Consumer<String> published;

    /**
     * Creates the logs.
     * @param catalog the declared channels (and platform event fields)
     * @param schemas the schemas
     * @param published told of the topic after events were appended to it
     */
    TopicLogs(ChannelCatalog catalog, EventSchemas schemas, Consumer<String> published) {
        this.catalog = catalog;
        this.schemas = schemas;
        this.published = published;
    }

    @Override
    public void published(String eventType, String channel, List<PublishedEvent> events) {
        Optional<TopicLog> log = log(channel);
        if (log.isEmpty()) {
            return;
        }
        boolean change = channel.startsWith(ChannelKind.CHANGE_DATA_CAPTURE.prefix());
        Collection<String> declared = change ? List.of() : this.catalog.platformEventFields(eventType);
        for (PublishedEvent event : events) {
            Map<String, Object> payload = asMap(event.data().get("payload"));
            List<String> referenced = change ? referenced(asMap(payload.get(EventShapes.CHANGE_EVENT_HEADER)))
                    : List.of();
            EventSchemas.Version version = this.schemas.select(eventType, change, declared, payload, referenced);
            log.get().append(new LogEntry(event, version));
        }
        this.published.accept(channel);
    }

    /**
     * Returns the log of a topic, if it is a declared platform event or change event
     * channel.
     * @param topic the topic name
     * @return the log
     */
    Optional<TopicLog> log(String topic) {
        Optional<ChannelKind> kind = ChannelKind.of(topic);
        if (kind.isEmpty() || !this.catalog.isDeclared(topic)
                || (kind.get() != ChannelKind.PLATFORM_EVENT && kind.get() != ChannelKind.CHANGE_DATA_CAPTURE)) {
            return Optional.empty();
        }
        return Optional.of(this.logs.computeIfAbsent(topic, (name) -> new TopicLog(name, kind.get())));
    }

    /**
     * Returns the current schema id of a topic's event type, for {@code GetTopic}; empty
     * for {@code /data/ChangeEvents}, which carries many types.
     * @param topic a declared platform or change event topic
     * @return the schema id, or an empty string
     */
    String schemaId(String topic) {
        if (topic.equals(ChannelCatalog.ALL_CHANGE_EVENTS)) {
            return "";
        }
        boolean change = topic.startsWith(ChannelKind.CHANGE_DATA_CAPTURE.prefix());
        return this.schemas.current(topic, change, change ? List.of() : this.catalog.platformEventFields(topic)).id();
    }

    private static List<String> referenced(Map<String, Object> header) {
        List<String> names = new ArrayList<>();
        for (String field : EventSchemas.BITMAP_FIELDS) {
            if (header.get(field) instanceof Collection<?> listed) {
                listed.forEach((name) -> names.add(String.valueOf(name)));
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
    }

}
