package io.sfstream.emulator.internal.events;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.sfstream.emulator.InvalidFieldException;

/**
 * The channels declared in the org. {@code /data/ChangeEvents} is always declared: it
 * carries every Change Data Capture event. A platform event may be declared with its
 * fields: it then accepts only those (matched without regard to case, as Salesforce
 * matches API names); without any it accepts any field.
 *
 * <p>
 * Thread-safe.
 */
public final class ChannelCatalog {

    /** The standard channel that carries every Change Data Capture event. */
    public static final String ALL_CHANGE_EVENTS = "/data/ChangeEvents";

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final Set<String> channels = ConcurrentHashMap.newKeySet();

    /** platform event channel -> lower-case field name -> declared field name. */
    private final Map<String, Map<String, String>> platformEventFields = new ConcurrentHashMap<>();

    /** Creates a catalog holding only {@link #ALL_CHANGE_EVENTS}. */
    public ChannelCatalog() {
        this.channels.add(ALL_CHANGE_EVENTS);
    }

    /**
     * Declares a channel.
     * @param kind the channel kind
     * @param name a bare name or the full channel name
     * @return the full channel name
     */
    public String declare(ChannelKind kind, String name) {
        String channel = kind.channel(name);
        this.channels.add(channel);
        return channel;
    }

    /**
     * Declares a platform event channel with its fields. Declaring it again with fields
     * replaces them; declaring it without fields keeps those declared before.
     * @param name {@code Name__e} or {@code /event/Name__e}
     * @param fields the event's custom fields, e.g. {@code OrderNumber__c}; empty for a
     * schema-less event
     * @return the full channel name
     */
    public String declarePlatformEvent(String name, Collection<String> fields) {
        String channel = ChannelKind.PLATFORM_EVENT.channel(name);
        if (!fields.isEmpty()) {
            Map<String, String> byLowerCase = new LinkedHashMap<>();
            for (String field : fields) {
                if (field == null || !FIELD_NAME.matcher(field).matches()) {
                    throw new IllegalArgumentException("Not a field API name: " + field);
                }
                byLowerCase.put(field.toLowerCase(Locale.ROOT), field);
            }
            this.platformEventFields.put(channel, Map.copyOf(byLowerCase));
        }
        this.channels.add(channel);
        return channel;
    }

    /**
     * Returns the declared fields of a platform event.
     * @param channel the platform event channel
     * @return the fields, empty when the event is schema-less
     */
    public List<String> platformEventFields(String channel) {
        Map<String, String> fields = this.platformEventFields.get(channel);
        return fields == null ? List.of() : List.copyOf(new TreeSet<>(fields.values()));
    }

    /**
     * Checks the fields of a platform event about to be published against its
     * declaration.
     * @param channel the platform event channel
     * @param fields the fields to publish
     * @return the fields, named as declared
     * @throws InvalidFieldException when the event declares fields and one of
     * {@code fields} is not among them
     */
    public Map<String, Object> checkPlatformEventFields(String channel, Map<String, Object> fields) {
        Map<String, String> declared = this.platformEventFields.get(channel);
        if (declared == null) {
            return fields;
        }
        Map<String, Object> named = new LinkedHashMap<>();
        fields.forEach((field, value) -> {
            String name = declared.get(field.toLowerCase(Locale.ROOT));
            if (name == null) {
                throw new InvalidFieldException(field, channel.substring(ChannelKind.PLATFORM_EVENT.prefix().length()));
            }
            named.put(name, value);
        });
        return named;
    }

    /**
     * Returns whether a channel is declared.
     * @param channel the channel name, without any filter query
     * @return {@code true} when declared
     */
    public boolean isDeclared(String channel) {
        return this.channels.contains(channel);
    }

    /**
     * Returns every declared channel.
     * @return a sorted snapshot
     */
    public Set<String> channels() {
        return Set.copyOf(new TreeSet<>(this.channels));
    }

    /**
     * Returns the sObject name a Change Data Capture channel reports on:
     * {@code /data/AccountChangeEvent} gives {@code Account},
     * {@code /data/Foo__ChangeEvent} gives {@code Foo__c}.
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
