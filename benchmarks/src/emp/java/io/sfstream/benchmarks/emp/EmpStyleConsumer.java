package io.sfstream.benchmarks.emp;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.sfstream.benchmarks.ChangeEvents;
import io.sfstream.benchmarks.consumer.Consumer;
import io.sfstream.benchmarks.consumer.ConsumerSettings;
import io.sfstream.benchmarks.consumer.Recorder;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.transport.ClientTransport;
import org.cometd.client.transport.LongPollingTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The client people compare us with, set up the way Salesforce's EMP-Connector sets up CometD: a CometD 4.0.x
 * {@code BayeuxClient} with a {@code LongPollingTransport} on a Jetty 9.4 {@code HttpClient} (default thread pool,
 * default scheduler), the bearer header added in {@code customize(Request)}, a replay extension backed by an
 * in-memory {@code ConcurrentHashMap} (updated from every event), a listener on {@code /meta/handshake} and
 * {@code /meta/connect} looking for 401/403 failures, and the event handed to the application as
 * {@code message.getDataAsMap()} on the thread that delivered it.
 *
 * <p>Runs in a JVM of its own whose class path has CometD 4 and Jetty 9.4 only (no CometD 9, Jetty 12, Jackson or
 * Spring): see the benchmarks POM. Our code, written from EMP-Connector's setup; the transport options are
 * documented in the benchmarks README.
 */
public final class EmpStyleConsumer implements Consumer {

    /** EMP-Connector's {@code BayeuxParameters.maxNetworkDelay()}: 15 s. */
    static final long MAX_NETWORK_DELAY_MILLIS = 15_000;

    /**
     * 10 MB. EMP-Connector passes {@code maxBufferSize} = 1 MB, an option CometD 4's {@code LongPollingTransport}
     * does not read; it reads {@code maxMessageSize} (default 1 MB), which would fail the benchmark's ~2.3 MB
     * responses at saturation. An EMP user with such backlogs raises it through {@code longPollingOptions()}.
     */
    static final int MAX_MESSAGE_SIZE = 10 * 1024 * 1024;

    /** EMP-Connector's {@code REPLAY_FROM_EARLIEST}. */
    private static final long REPLAY_FROM_EARLIEST = -2L;

    private final ConsumerSettings settings;

    private final Recorder recorder;

    /** Channel to the replay id to resume from, as EMP-Connector keeps it: sent whole with every subscribe. */
    private final ConcurrentMap<String, Long> replay = new ConcurrentHashMap<>();

    private HttpClient httpClient;

    private BayeuxClient client;

    /**
     * Creates the consumer; called by {@code ConsumerMain} by reflection.
     *
     * @param settings what the driver said
     * @param recorder where events go
     */
    public EmpStyleConsumer(ConsumerSettings settings, Recorder recorder) {
        this.settings = settings;
        this.recorder = recorder;
    }

    @Override
    public void start() throws Exception {
        // As EMP-Connector: an HttpClient with an SSL context factory and otherwise Jetty's defaults.
        this.httpClient = new HttpClient(new SslContextFactory.Client());
        this.httpClient.start();
        Map<String, Object> options = new HashMap<>();
        options.put(ClientTransport.MAX_NETWORK_DELAY_OPTION, MAX_NETWORK_DELAY_MILLIS);
        options.put(ClientTransport.MAX_MESSAGE_SIZE_OPTION, MAX_MESSAGE_SIZE);
        String authorization = "Bearer " + this.settings.token();
        LongPollingTransport transport = new LongPollingTransport(options, this.httpClient) {
            @Override
            protected void customize(Request request) {
                request.header(HttpHeader.AUTHORIZATION, authorization);
            }
        };
        this.client = new BayeuxClient(this.settings.cometdUrl(), transport);
        this.client.addExtension(new ReplayExtension(this.replay));
        ClientSessionChannel.MessageListener authFailures = this::onMetaReply;
        this.client.getChannel(Channel.META_HANDSHAKE).addListener(authFailures);
        this.client.getChannel(Channel.META_CONNECT).addListener(authFailures);

        CompletableFuture<Message> handshake = new CompletableFuture<>();
        this.client.handshake(null, handshake::complete);
        Message handshakeReply = handshake.get(30, TimeUnit.SECONDS);
        if (!handshakeReply.isSuccessful()) {
            throw new IllegalStateException("Handshake failed: " + handshakeReply);
        }
        String channel = this.settings.channel();
        this.replay.put(channel, REPLAY_FROM_EARLIEST);
        CompletableFuture<Message> subscribe = new CompletableFuture<>();
        this.client.getChannel(channel).subscribe((c, message) -> {
            try {
                accept(message.getDataAsMap());
            }
            catch (RuntimeException ex) {
                System.err.println("Error consuming an event on " + channel + ": " + ex);
            }
        }, subscribe::complete);
        Message subscribeReply = subscribe.get(30, TimeUnit.SECONDS);
        if (!subscribeReply.isSuccessful()) {
            throw new IllegalStateException("Subscribe failed: " + subscribeReply);
        }
    }

    /** The application's {@code Consumer<Map<String, Object>>}: what the other clients' applications read. */
    @SuppressWarnings("unchecked")
    private void accept(Map<String, Object> data) {
        Map<String, Object> event = (Map<String, Object>) data.get("event");
        Map<String, Object> payload = (Map<String, Object>) data.get("payload");
        this.recorder.onEvent(((Number) event.get("replayId")).longValue(),
                ((Number) payload.get(ChangeEvents.SENT_MICROS)).longValue());
    }

    /** EMP-Connector re-authenticates on a 401 or 403 reply; the emulator's token never expires in a run. */
    private void onMetaReply(ClientSessionChannel channel, Message message) {
        if (!message.isSuccessful()) {
            Object error = message.get(Message.ERROR_FIELD);
            if (error instanceof String text && (text.startsWith("401") || text.startsWith("403"))) {
                System.err.println("Authentication failure on " + channel.getId() + ": " + text);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (this.client != null) {
            this.client.disconnect(1000);
        }
        if (this.httpClient != null) {
            this.httpClient.stop();
        }
    }

    /**
     * The Salesforce replay extension as EMP-Connector writes it: {@code ext.replay=true} on handshake; on every
     * subscribe, once the server said it supports replay, {@code ext.replay} = the whole channel-to-replay-id map;
     * on every event received, the map's entry for the event's channel (without a query string) set to the event's
     * {@code data.event.replayId}.
     */
    static final class ReplayExtension implements org.cometd.bayeux.client.ClientSession.Extension {

        private static final String REPLAY = "replay";

        private final ConcurrentMap<String, Long> positions;

        private volatile boolean supported;

        ReplayExtension(ConcurrentMap<String, Long> positions) {
            this.positions = positions;
        }

        @Override
        public boolean rcv(org.cometd.bayeux.client.ClientSession session, Message.Mutable message) {
            Long replayId = replayId(message);
            if (this.supported && replayId != null) {
                // Per event, as EMP-Connector does: the channel without a query string (split on '?').
                this.positions.put(message.getChannel().split("\\?")[0], replayId);
            }
            return true;
        }

        @Override
        public boolean rcvMeta(org.cometd.bayeux.client.ClientSession session, Message.Mutable message) {
            if (Channel.META_HANDSHAKE.equals(message.getChannel())) {
                Map<String, Object> ext = message.getExt(false);
                this.supported = ext != null && Boolean.TRUE.equals(ext.get(REPLAY));
            }
            return true;
        }

        @Override
        public boolean sendMeta(org.cometd.bayeux.client.ClientSession session, Message.Mutable message) {
            if (Channel.META_HANDSHAKE.equals(message.getChannel())) {
                message.getExt(true).put(REPLAY, Boolean.TRUE);
            }
            else if (Channel.META_SUBSCRIBE.equals(message.getChannel()) && this.supported) {
                message.getExt(true).put(REPLAY, this.positions);
            }
            return true;
        }

        @SuppressWarnings("unchecked")
        private static Long replayId(Message.Mutable message) {
            Map<String, Object> data = message.getDataAsMap();
            Object event = (data != null) ? data.get("event") : null;
            Object replayId = (event instanceof Map<?, ?> map) ? ((Map<String, Object>) map).get("replayId") : null;
            return (replayId instanceof Long id) ? id : null;
        }
    }
}
