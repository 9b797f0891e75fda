package io.sfstream.emulator.internal.bayeux;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.sfstream.emulator.PublishedEvent;

/**
 * A channel as a client subscribes to it: the channel and an optional PushTopic filter
 * query, e.g. {@code /topic/Foo?Type=Hot} is channel {@code /topic/Foo} keeping events
 * whose {@code sobject.Type} is {@code Hot}.
 *
 * @param subscription the channel name as subscribed, with its query
 * @param channel the channel without the query: the key of the replay map
 * @param filter field name to required value
 */
public record Subscription(String subscription, String channel, Map<String, String> filter) {

    /**
     * Parses a subscribed channel name.
     * @param subscription the name as sent in {@code subscription}
     * @return the parsed subscription
     */
    public static Subscription parse(String subscription) {
        int query = subscription.indexOf('?');
        if (query < 0) {
            return new Subscription(subscription, subscription, Map.of());
        }
        Map<String, String> filter = new LinkedHashMap<>();
        for (String pair : subscription.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                filter.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return new Subscription(subscription, subscription.substring(0, query), Map.copyOf(filter));
    }

    /**
     * Returns whether an event passes this subscription's filter.
     * @param event a stored event of {@link #channel()}
     * @return {@code true} when every filter field matches the event's {@code sobject}
     * (or {@code payload})
     */
    public boolean accepts(PublishedEvent event) {
        if (this.filter.isEmpty()) {
            return true;
        }
        Object record = event.data().containsKey("sobject") ? event.data().get("sobject") : event.data().get("payload");
        if (!(record instanceof Map<?, ?> fields)) {
            return false;
        }
        return this.filter.entrySet()
            .stream()
            .allMatch(f -> Objects.equals(f.getValue(), String.valueOf(fields.get(f.getKey()))));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
