package io.sfstream.core.client;

/**
 * The four kinds of Streaming API channel. They differ in where the replay id, the event time and the business
 * payload live in an event, and in how long Salesforce retains events for replay.
 */
public enum ChannelKind {

    /** {@code /topic/Name}: PushTopic events, {@code event{createdDate,replayId,type}} + {@code sobject}; 24 h. */
    PUSH_TOPIC("/topic/"),

    /** {@code /event/Name__e} or {@code /event/Name__chn}: platform events, {@code payload{CreatedDate,...}}; 72 h. */
    PLATFORM_EVENT("/event/"),

    /** {@code /data/ChangeEvents}, {@code /data/NameChangeEvent}: Change Data Capture, {@code ChangeEventHeader}; 72 h. */
    CHANGE_DATA_CAPTURE("/data/"),

    /** {@code /u/Name}: generic streaming, {@code event{createdDate,replayId}} + a string {@code payload}; 24 h. */
    GENERIC("/u/");

    private final String prefix;

    ChannelKind(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Returns the channel prefix, such as {@code /topic/}.
     *
     * @return the prefix
     */
    public String prefix() {
        return this.prefix;
    }

    /**
     * Returns the kind of a channel name.
     *
     * @param channel a channel name such as {@code /event/Order_Placed__e}
     * @return its kind
     * @throws IllegalArgumentException if the name is not a valid Streaming API channel, with a message naming it and
     * the accepted forms
     */
    public static ChannelKind of(String channel) {
        for (ChannelKind kind : values()) {
            if (channel.startsWith(kind.prefix) && channel.length() > kind.prefix.length()) {
                return kind;
            }
        }
        throw new IllegalArgumentException("'" + channel + "' is not a Salesforce streaming channel: expected "
                + "/topic/<PushTopic>, /event/<Name__e>, /data/<ChangeEvents or NameChangeEvent> or /u/<Name>");
    }
}
