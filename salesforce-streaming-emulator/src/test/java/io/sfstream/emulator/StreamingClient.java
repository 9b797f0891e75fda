package io.sfstream.emulator;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.common.HashMapMessage;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;

/**
 * A bare CometD BayeuxClient with the Bearer header and replay ext, collecting what it
 * receives.
 */
final class StreamingClient implements AutoCloseable {

    final HttpClient http = new HttpClient();

    final BayeuxClient bayeux;

    final BlockingQueue<Message> events = new LinkedBlockingQueue<>();

    final BlockingQueue<Message> handshakes = new LinkedBlockingQueue<>();

    final BlockingQueue<Message> connects = new LinkedBlockingQueue<>();

    StreamingClient(URI cometdUrl, Supplier<String> token) {
        try {
            this.http.start();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
        JettyHttpClientTransport transport = new JettyHttpClientTransport(
                new java.util.HashMap<>(Map.of("maxNetworkDelay", 5000L, "maxMessageSize", 10 * 1024 * 1024)),
                this.http) {
            @Override
            protected void customize(Request request) {
                request.headers(headers -> headers.put("Authorization", "Bearer " + token.get()));
            }
        };
        this.bayeux = new BayeuxClient(cometdUrl.toString(), transport);
        this.bayeux.getChannel(org.cometd.bayeux.Channel.META_HANDSHAKE)
            .addListener((ClientSessionChannel.MessageListener) (c, m) -> this.handshakes.add(m));
        this.bayeux.getChannel(org.cometd.bayeux.Channel.META_CONNECT)
            .addListener((ClientSessionChannel.MessageListener) (c, m) -> this.connects.add(m));
    }

    Message handshake() throws InterruptedException {
        this.bayeux.handshake(Map.of("ext", Map.of("replay", true)), null);
        return next(this.handshakes, Duration.ofSeconds(5));
    }

    Message subscribe(String channel, long replayId) throws InterruptedException {
        return subscribe(channel, Map.of(Subscriptions.key(channel), replayId));
    }

    Message subscribe(String channel, Map<String, Object> replay) throws InterruptedException {
        BlockingQueue<Message> reply = new LinkedBlockingQueue<>();
        HashMapMessage message = new HashMapMessage();
        message.getExt(true).put("replay", replay);
        this.bayeux.getChannel(channel).subscribe(message, (c, m) -> this.events.add(m), reply::add);
        return next(reply, Duration.ofSeconds(5));
    }

    Message nextEvent() throws InterruptedException {
        return next(this.events, Duration.ofSeconds(5));
    }

    Message nextEvent(Duration timeout) throws InterruptedException {
        return this.events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Message next(BlockingQueue<Message> queue, Duration timeout) throws InterruptedException {
        Message message = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("Nothing received within " + timeout);
        }
        return message;
    }

    @Override
    public void close() throws Exception {
        this.bayeux.disconnect(1000);
        this.http.stop();
    }

    /** Replay map keys: the channel without a filter query. */
    static final class Subscriptions {

        static String key(String channel) {
            int query = channel.indexOf('?');
            return query < 0 ? channel : channel.substring(0, query);
        }

    }

}
