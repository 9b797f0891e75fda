package io.sfstream.emulator.events;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The channels declared in the org. {@code /data/ChangeEvents} is always declared: it carries every
 * Change Data Capture event.
 *
 * <p>Thread-safe.
 */
public final class ChannelCatalog {

    /** The standard channel that carries every Change Data Capture event. */
    public static final String ALL_CHANGE_EVENTS = "/data/ChangeEvents";

    private final Set<String> channels = ConcurrentHashMap.newKeySet();

    /** Creates a catalog holding only {@link #ALL_CHANGE_EVENTS}. */
    public ChannelCatalog() {
        channels.add(ALL_CHANGE_EVENTS);
    }

    /**
     * Declares a channel.
     *
     * @param kind the channel kind
     * @param name a bare name or the full channel name
     * @return the full channel name
     */
    public String declare(ChannelKind kind, String name) {
        String channel = kind.channel(name);
        channels.add(channel);
        return channel;
    }

    /**
     * Returns whether a channel is declared.
     *
     * @param channel the channel name, without any filter query
     * @return {@code true} when declared
     */
    public boolean isDeclared(String channel) {
        return channels.contains(channel);
    }

    /**
     * Returns every declared channel.
     *
     * @return a sorted snapshot
     */
    public Set<String> channels() {
        return Set.copyOf(new TreeSet<>(channels));
    }

    /**
     * Returns the sObject name a Change Data Capture channel reports on:
     * {@code /data/AccountChangeEvent} gives {@code Account}, {@code /data/Foo__ChangeEvent} gives {@code Foo__c}.
     *
     * @param channel a {@code /data/...ChangeEvent} channel
     * @return the entity name
     */
    public static String changeEventEntity(String channel) {
        String name = channel.substring(ChannelKind.CHANGE_DATA_CAPTURE.prefix().length());
        if (!name.endsWith("ChangeEvent") || name.equals("ChangeEvents") || name.equals("ChangeEvent")) {
            throw new IllegalArgumentException("Publish Change Data Capture events on an entity channel such as "
                    + "/data/AccountChangeEvent, not " + channel);
        }
        String entity = name.substring(0, name.length() - "ChangeEvent".length());
        return entity.endsWith("__") ? entity + "c" : entity;
    }
}
