package io.sfstream.core.client.internal;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.client.ClientSession;

/**
 * Holds back each {@code /meta/connect} while the event buffer is full, so no new events are fetched until the consumer
 * made room. If the consumer stalls past Salesforce's 40 s reconnect window the session lapses; the session then
 * re-handshakes and re-subscribes from the positions already received, so nothing is lost and memory stays bounded.
 */
public final class BackPressureExtension implements ClientSession.Extension {

    private final EventBuffer buffer;

    private final java.util.function.Consumer<Runnable> releaser;

    private final java.util.function.BooleanSupplier live;

    /**
     * Creates the extension.
     *
     * @param buffer the event buffer
     * @param releaser given the action that sends the held connect, runs it (or replaces the session) off the
     * consumer's thread
     */
    public BackPressureExtension(EventBuffer buffer, java.util.function.Consumer<Runnable> releaser) {
        this(buffer, releaser, () -> false);
    }

    /**
     * Creates the extension; a connect sent while the buffer has room and the session is live goes out at once, on
     * the sending thread, without passing through the releaser.
     *
     * @param buffer the event buffer
     * @param releaser given the action that sends the held connect, runs it (or replaces the session) off the
     * consumer's thread
     * @param live whether the session this extension belongs to is still the live one
     */
    public BackPressureExtension(EventBuffer buffer, java.util.function.Consumer<Runnable> releaser,
            java.util.function.BooleanSupplier live) {
        this.buffer = buffer;
        this.releaser = releaser;
        this.live = live;
    }

    @Override
    public void outgoing(ClientSession session, Message.Mutable message, Promise<Boolean> promise) {
        if (!Channel.META_CONNECT.equals(message.getChannel())) {
            promise.succeed(true);
            return;
        }
        Runnable release = () -> this.releaser.accept(() -> promise.succeed(true));
        if (this.buffer.holdWhileFull(release)) {
            return;
        }
        if (this.live.getAsBoolean()) {
            // Room now: send at once, as a bare client would, instead of hopping to the control thread.
            promise.succeed(true);
        }
        else {
            release.run();
        }
    }
}
