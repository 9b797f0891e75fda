package io.sfstream.core.client;

import java.util.regex.Pattern;

/**
 * The four kinds of Streaming API channel. They differ in where the replay id, the event
 * time and the business payload live in an event, and in how long Salesforce retains
 * events for replay.
 */
public enum ChannelKind {

    /**
     * {@code /topic/Name}: PushTopic events, {@code event{createdDate,replayId,type}} +
     * {@code sobject}; 24 h.
     */
    PUSH_TOPIC("/topic/"),

    /**
     * {@code /event/Name__e} or {@code /event/Name__chn}: platform events,
     * {@code payload{CreatedDate,...}}; 72 h.
     */
    PLATFORM_EVENT("/event/"),

    /**
     * {@code /data/ChangeEvents}, {@code /data/NameChangeEvent}: Change Data Capture,
     * {@code ChangeEventHeader}; 72 h.
     */
    CHANGE_DATA_CAPTURE("/data/"),

    /**
     * {@code /u/Name}: generic streaming, {@code event{createdDate,replayId}} + a string
     * {@code payload}; 24 h.
     */
    GENERIC("/u/");

    /**
     * An API name: a letter, then letters, digits and underscores ({@code ns__Name__e}
     * included).
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final String prefix;

    ChannelKind(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Returns the channel prefix, such as {@code /topic/}.
     * @return the prefix
     */
    public String prefix() {
        return this.prefix;
    }

    /**
     * Returns the kind of a channel name.
     * @param channel a channel name such as {@code /event/Order_Placed__e}
     * @return its kind
     * @throws IllegalArgumentException if the name is not a valid Streaming API channel,
     * with a message naming it and the accepted forms
     */
    public static ChannelKind of(String channel) {
        for (ChannelKind kind : values()) {
            if (channel.startsWith(kind.prefix)) {
                String name = channel.substring(kind.prefix.length());
                int query = name.indexOf('?');
                if (NAME.matcher((query >= 0) ? name.substring(0, query) : name).matches()) {
                    return kind;
                }
                break;
            }
        }
        throw new IllegalArgumentException("'" + channel + "' is not a Salesforce streaming channel: expected "
                + "/topic/<PushTopic>, /event/<Name__e>, /data/<ChangeEvents or NameChangeEvent> or /u/<Name>, "
                + "the name made of letters, digits and underscores (Salesforce has no wildcard channels)");
    }

}
