package io.sfstream.emulator.internal.events;

import java.time.Duration;
import java.util.Optional;

/**
 * The four kinds of Streaming API channel, each with its name prefix and event retention.
 */
public enum ChannelKind {

    /** PushTopic channel {@code /topic/Name}: events retained 24 hours. */
    PUSH_TOPIC("/topic/", Duration.ofHours(24)),

    /** Generic streaming channel {@code /u/Name}: events retained 24 hours. */
    GENERIC("/u/", Duration.ofHours(24)),

    /**
     * High-volume platform event channel {@code /event/Name__e}: events retained 72
     * hours.
     */
    PLATFORM_EVENT("/event/", Duration.ofHours(72)),

    /**
     * Change Data Capture channel {@code /data/NameChangeEvent}: events retained 72
     * hours.
     */
    CHANGE_DATA_CAPTURE("/data/", Duration.ofHours(72));

    private final String prefix;

    private final Duration retention;

    ChannelKind(String prefix, Duration retention) {
        this.prefix = prefix;
        this.retention = retention;
    }

    /**
     * Returns the channel name prefix, e.g. {@code /topic/}.
     * @return the prefix
     */
    public String prefix() {
        return this.prefix;
    }

    /**
     * Returns how long events of this kind stay replayable.
     * @return the retention window
     */
    public Duration retention() {
        return this.retention;
    }

    /**
     * Returns the full channel name of {@code name}, adding this kind's prefix unless
     * already present.
     * @param name a bare name ({@code AccountUpdates}) or a channel
     * ({@code /topic/AccountUpdates})
     * @return the channel name
     */
    public String channel(String name) {
        String channel = name.startsWith(this.prefix) ? name : this.prefix + name;
        if (channel.length() == this.prefix.length() || channel.indexOf('/', this.prefix.length()) >= 0
                || channel.contains("?")) {
            throw new IllegalArgumentException("Not a valid " + this + " name: " + name);
        }
        return channel;
    }

    /**
     * Finds the kind of a channel by its prefix.
     * @param channel a channel name
     * @return the kind, if the prefix is known
     */
    public static Optional<ChannelKind> of(String channel) {
        for (ChannelKind kind : values()) {
            if (channel.startsWith(kind.prefix)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

}
