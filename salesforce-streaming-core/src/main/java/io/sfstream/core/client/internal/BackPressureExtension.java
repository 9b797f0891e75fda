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

    /**
     * Creates the extension.
     *
     * @param buffer the event buffer
     * @param releaser given the action that sends the held connect, runs it (or replaces the session) off the
     * consumer's thread
     */
    public BackPressureExtension(EventBuffer buffer, java.util.function.Consumer<Runnable> releaser) {
        this.buffer = buffer;
        this.releaser = releaser;
    }

    @Override
    public void outgoing(ClientSession session, Message.Mutable message, Promise<Boolean> promise) {
        if (!Channel.META_CONNECT.equals(message.getChannel())) {
            promise.succeed(true);
            return;
        }
        this.buffer.whenNotFull(() -> this.releaser.accept(() -> promise.succeed(true)));
    }
}
