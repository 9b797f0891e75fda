package io.sfstream.core.replay;

import java.util.Map;
import java.util.Optional;

/**
 * Remembers, per channel, the position of the last event the consumer finished with. Keys
 * are channel names without a PushTopic filter query ({@code /topic/Foo}, not
 * {@code /topic/Foo?Type=Hot}).
 *
 * <p>
 * The client does not call {@link #save(Map)} once per event: it batches commits (by
 * count and time) and saves the latest position of each channel, and saves what is
 * pending on close. Implementations must be thread-safe, must never move a channel's
 * position backwards in {@link #save(Map)}, and must make a save durable before returning
 * (for durable stores).
 */
public interface ReplayStore extends AutoCloseable {

    /**
     * Returns the committed position of a channel.
     * @param channel the channel, without filter query
     * @return the position, or empty when the channel has none
     * @throws io.sfstream.core.ReplayException when the store cannot be read
     */
    Optional<ReplayPosition> load(String channel);

    /**
     * Saves positions; a position whose replay id is not greater than the stored one is
     * ignored.
     * @param positions the latest position of each channel
     * @throws io.sfstream.core.ReplayException when the store cannot be written
     */
    void save(Map<String, ReplayPosition> positions);

    /**
     * Replaces a channel's position whatever its order. The client calls it once after
     * the server rejected the stored position (a replay fallback): the replay ids of the
     * new start may sort before the rejected one (an id of another org, or of a sandbox
     * before its refresh), and a store that kept the rejected id would have every later
     * start fall back again. The stores of this project replace the position; the default
     * saves it through {@link #save(Map)}, which keeps a rejected id that sorts later.
     * @param channel the channel, without filter query
     * @param position the new position
     * @throws io.sfstream.core.ReplayException when the store cannot be written
     */
    default void replace(String channel, ReplayPosition position) {
        save(Map.of(channel, position));
    }

    /**
     * Releases the store's resources. The default does nothing.
     */
    @Override
    default void close() {
    }

}
