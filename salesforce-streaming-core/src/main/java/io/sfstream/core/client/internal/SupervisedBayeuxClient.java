package io.sfstream.core.client.internal;

import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.client.transport.ClientTransport;

/**
 * A {@link BayeuxClient} that never reconnects nor handshakes on its own: after any
 * failure it terminates, and the {@link BayeuxSession} that owns it decides what happens
 * next (a new token, a new session, a back-off). Left to itself, CometD re-handshakes at
 * once when a reply advises {@code reconnect: handshake}, with whatever token is current,
 * even after the owner abandoned the session: the server then sees handshakes the
 * client's log cannot account for (PROTOCOL section 7).
 */
final class SupervisedBayeuxClient extends BayeuxClient {

    SupervisedBayeuxClient(String url, java.util.concurrent.ScheduledExecutorService scheduler,
            ClientTransport transport) {
        super(url, scheduler, transport);
    }

    @Override
    protected void onTransportFailure(Message message, ClientTransport.FailureInfo failureInfo,
            ClientTransport.FailureHandler handler) {
        failureInfo.action = Message.RECONNECT_NONE_VALUE;
        super.onTransportFailure(message, failureInfo, handler);
    }

}
