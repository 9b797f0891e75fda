package io.sfstream.emulator.internal.bayeux;

import java.io.EOFException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.sfstream.emulator.internal.org.FaultState;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.CometDResponse;
import org.cometd.server.ServerSessionImpl;
import org.cometd.server.http.JSONHttpTransport;
import org.cometd.server.http.TransportContext;

/**
 * CometD's long-polling transport with the emulator's additions:
 * <ul>
 * <li>every response of a session sets its {@code sfdc-stream} cookie
 * ({@link StickyCookie});</li>
 * <li>a response carrying a server-initiated {@code /meta/disconnect} removes its session
 * before it is written, so the client's next request finds the session gone;</li>
 * <li>while the multiple-clients fault lasts, every {@code /meta/connect} is answered at
 * once with the multiple-clients advice, as if another long poll of the browser were held
 * (CometD's own {@code maxSessionsPerBrowser} check, forced);</li>
 * <li>it can cut a {@code /meta/connect} response off mid-body: when the fault is armed,
 * the next response carrying events writes half of its first event and then the TCP
 * connection is closed. The events stay in the org's store, so they remain
 * replayable.</li>
 * </ul>
 */
public final class CuttableLongPollingTransport extends JSONHttpTransport {

    /**
     * Request attribute holding a {@link Runnable} that closes the request's TCP
     * connection.
     */
    public static final String CONNECTION_CLOSER = "io.sfstream.emulator.connectionCloser";

    private final FaultState faults;

    private final Map<CometDResponse.Output, Runnable> pendingCuts = new ConcurrentHashMap<>();

    /**
     * Creates the transport.
     * @param bayeux the server
     * @param faults where the cut-off and multiple-clients faults are armed
     */
    public CuttableLongPollingTransport(BayeuxServerImpl bayeux, FaultState faults) {
        super(bayeux);
        this.faults = faults;
    }

    /**
     * Counts the held {@code /meta/connect} of a browser, as CometD does; while the
     * multiple-clients fault lasts, refuses to hold any, so that the connect is answered
     * at once with the multiple-clients advice.
     * @param session the session whose connect would be held
     * @param http2 whether the request is HTTP/2
     * @return whether the connect may be held
     */
    @Override
    public boolean incBrowserId(ServerSessionImpl session, boolean http2) {
        long interval = this.faults.multipleClientsIntervalMillis();
        if (interval >= 0) {
            session.setAttribute(StreamingExtension.MULTIPLE_CLIENTS_INTERVAL, interval);
            return false;
        }
        return super.incBrowserId(session, http2);
    }

    @Override
    protected void writePrepare(TransportContext context, Promise<Void> promise) {
        ServerSessionImpl session = context.session();
        if (session != null && session.getAttribute(StreamingExtension.STICKY_COOKIE) instanceof StickyCookie sticky) {
            context.response().addHeader("Set-Cookie", StickyCookie.header(sticky.toSend()));
        }
        super.writePrepare(context, promise);
    }

    @Override
    protected void write(TransportContext context, List<ServerMessage> messages) {
        ServerSessionImpl session = context.session();
        if (session != null && session.removeAttribute(StreamingExtension.DISCONNECTING) != null) {
            // The server-initiated /meta/disconnect is in this response: the session is
            // gone from now on.
            getBayeuxServer().removeServerSession(session, false);
        }
        if (carriesEventsWithConnectReply(messages, context.replies())
                && context.request().getAttribute(CONNECTION_CLOSER) instanceof Runnable closer
                && this.faults.takeDropNextConnectResponse()) {
            this.pendingCuts.put(context.response().getOutput(), closer);
        }
        super.write(context, messages);
    }

    @Override
    protected void writeMessage(CometDResponse.Output output, ServerMessage message, Promise<Void> promise) {
        Runnable closer = this.pendingCuts.remove(output);
        if (closer == null) {
            super.writeMessage(output, message, promise);
            return;
        }
        byte[] json = toJSONBytes(message);
        output.write(false, Arrays.copyOf(json, Math.max(1, json.length / 2)), Promise.from(written -> {
            closer.run();
            promise.fail(new EOFException("Connection cut by the emulator's dropNextConnectResponse fault"));
        }, failure -> {
            closer.run();
            promise.fail(failure);
        }));
    }

    private static boolean carriesEventsWithConnectReply(List<ServerMessage> messages,
            List<? extends ServerMessage> replies) {
        boolean events = false;
        boolean connectReply = false;
        for (ServerMessage message : messages) {
            String channel = message.getChannel();
            events |= channel != null && !channel.startsWith("/meta/");
            connectReply |= Channel.META_CONNECT.equals(channel);
        }
        for (ServerMessage reply : replies) {
            connectReply |= Channel.META_CONNECT.equals(reply.getChannel());
        }
        return events && connectReply;
    }

}
