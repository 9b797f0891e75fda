package io.sfstream.benchmarks.consumer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.sfstream.benchmarks.ChangeEvents;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.client.ClientSession;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.client.transport.ClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The ceiling: a plain CometD 9 long-polling client with the transport settings the core
 * uses, the Salesforce replay extension written inline ({@code ext.replay=true} on
 * handshake, the replay map on subscribe) and the bearer header, doing nothing with an
 * event but read its replay id and publish time.
 */
final class BareCometdConsumer implements Consumer {

    private final ConsumerSettings settings;

    private final Recorder recorder;

    private final HttpClient httpClient = new HttpClient();

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    private BayeuxClient client;

    BareCometdConsumer(ConsumerSettings settings, Recorder recorder) {
        this.settings = settings;
        this.recorder = recorder;
    }

    @Override
    public void start() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("bare-http");
        threads.setDaemon(true);
        this.httpClient.setExecutor(threads);
        this.httpClient.setHttpCookieStore(new HttpCookieStore.Empty());
        this.httpClient.start();
        Map<String, Object> options = new HashMap<>();
        options.put(ClientTransport.MAX_NETWORK_DELAY_OPTION, 120_000L);
        options.put(ClientTransport.MAX_MESSAGE_SIZE_OPTION, 16 * 1024 * 1024);
        String token = this.settings.token();
        JettyHttpClientTransport transport = new JettyHttpClientTransport(null, options, this.scheduler,
                this.httpClient) {
            @Override
            protected void customize(Request request) {
                super.customize(request);
                request.headers((headers) -> headers.put(HttpHeader.AUTHORIZATION, "Bearer " + token));
            }
        };
        this.client = new BayeuxClient(this.settings.cometdUrl(), this.scheduler, transport);
        String channel = this.settings.channel();
        this.client.addExtension(new ClientSession.Extension() {
            @Override
            public void outgoing(ClientSession session, Message.Mutable message, Promise<Boolean> promise) {
                if (Channel.META_HANDSHAKE.equals(message.getChannel())) {
                    message.getExt(true).put("replay", Boolean.TRUE);
                }
                else if (Channel.META_SUBSCRIBE.equals(message.getChannel())) {
                    message.getExt(true).put("replay", Map.of(channel, -2L));
                }
                promise.succeed(true);
            }
        });
        CompletableFuture<Message> handshake = new CompletableFuture<>();
        this.client.handshake(handshake::complete);
        Message handshakeReply = handshake.get(30, TimeUnit.SECONDS);
        if (!handshakeReply.isSuccessful()) {
            throw new IllegalStateException("Handshake failed: " + handshakeReply);
        }
        CompletableFuture<Message> subscribe = new CompletableFuture<>();
        this.client.getChannel(channel)
            .subscribe((ClientSessionChannel.MessageListener) this::onMessage, subscribe::complete);
        Message subscribeReply = subscribe.get(30, TimeUnit.SECONDS);
        if (!subscribeReply.isSuccessful()) {
            throw new IllegalStateException("Subscribe failed: " + subscribeReply);
        }
    }

    @SuppressWarnings("unchecked")
    private void onMessage(ClientSessionChannel channel, Message message) {
        Map<String, Object> data = message.getDataAsMap();
        Map<String, Object> event = (Map<String, Object>) data.get("event");
        Map<String, Object> payload = (Map<String, Object>) data.get("payload");
        this.recorder.onEvent(((Number) event.get("replayId")).longValue(),
                ((Number) payload.get(ChangeEvents.SENT_MICROS)).longValue());
    }

    @Override
    public void close() throws Exception {
        if (this.client != null) {
            this.client.disconnect(1000);
        }
        this.httpClient.stop();
        this.scheduler.shutdownNow();
    }

}
