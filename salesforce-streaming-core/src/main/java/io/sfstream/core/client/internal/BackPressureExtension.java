package io.sfstream.core.client.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.client.ClientSession;

/**
 * Holds back each {@code /meta/connect} of a session while the event buffer is full, so
 * no new events are fetched until the consumer made room; the held connect is then sent
 * from the given executor (never on the consumer's thread), if the session is still live.
 * If the consumer stalls past Salesforce's 40 s reconnect window the session lapses; its
 * supervisor then re-handshakes and re-subscribes from the positions already received, so
 * nothing is lost and memory stays bounded. One instance per Bayeux session.
 */
public final class BackPressureExtension implements ClientSession.Extension {

    private final EventBuffer buffer;

    private final Executor releaser;

    private final SessionStreams session;

    /**
     * Creates the extension.
     * @param buffer the event buffer
     * @param releaser runs the sending of a held connect, off the consumer's thread
     * @param session the streams of the session this extension belongs to: whether it is
     * still live
     */
    public BackPressureExtension(EventBuffer buffer, Executor releaser, SessionStreams session) {
        this.buffer = buffer;
        this.releaser = releaser;
        this.session = session;
    }

    @Override
    public void outgoing(ClientSession session, Message.Mutable message, Promise<Boolean> promise) {
        if (!Channel.META_CONNECT.equals(message.getChannel())) {
            promise.succeed(true);
            return;
        }
        if (this.buffer.holdWhileFull(() -> release(promise))) {
            return;
        }
        if (this.session.isLive()) {
            // Room now: send at once, as a bare client would, without a thread hop.
            promise.succeed(true);
        }
    }

    private void release(Promise<Boolean> promise) {
        try {
            this.releaser.execute(() -> {
                if (this.session.isLive()) {
                    promise.succeed(true);
                }
            });
        }
        catch (RejectedExecutionException ex) {
            // The client is closed: the held connect is never sent.
        }
    }

}
