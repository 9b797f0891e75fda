package io.sfstream.core.client.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.jspecify.annotations.Nullable;

/**
 * The long-polling transport, putting {@code Authorization: Bearer <token>} on every
 * request, read from the current token at the time the request is sent, so a new token is
 * used at once. The header's value is masked everywhere but on the wire (see
 * {@link BearerAuthorizationField}), so Jetty's DEBUG logging of request headers never
 * shows it.
 *
 * <p>
 * Every request has a bound after which it is abandoned (PROTOCOL sections 2 and 7): a
 * {@code /meta/connect} waits for the hold the server advised plus a margin, any other
 * request for the request timeout. CometD's own rule (the advised hold plus
 * {@code maxNetworkDelay} for a connect, {@code maxNetworkDelay} for the rest) would need
 * a {@code maxNetworkDelay} near two minutes for the connect and leave a dead handshake
 * or subscribe unnoticed as long.
 */
public final class BearerTransport extends JettyHttpClientTransport {

    private final Supplier<@Nullable String> accessToken;

    private final long requestTimeoutMillis;

    private final long connectMarginMillis;

    /**
     * Creates the transport.
     * @param options CometD transport options
     * @param scheduler the scheduler for timeouts
     * @param httpClient the started HTTP client
     * @param accessToken supplies the current access token
     * @param requestTimeout how long a request other than {@code /meta/connect} may go
     * unanswered
     * @param connectMargin how long a {@code /meta/connect} may go unanswered beyond the
     * hold the server advised
     */
    public BearerTransport(Map<String, Object> options, ScheduledExecutorService scheduler, HttpClient httpClient,
            Supplier<@Nullable String> accessToken, Duration requestTimeout, Duration connectMargin) {
        super(null, withJacksonParsing(options), scheduler, httpClient);
        this.accessToken = accessToken;
        this.requestTimeoutMillis = requestTimeout.toMillis();
        this.connectMarginMillis = connectMargin.toMillis();
    }

    /**
     * Responses are parsed by {@link JacksonJsonContextClient} unless the options name a
     * JSON context.
     */
    private static Map<String, Object> withJacksonParsing(Map<String, Object> options) {
        Map<String, Object> copy = new HashMap<>(options);
        copy.putIfAbsent(JSON_CONTEXT_OPTION, new JacksonJsonContextClient());
        return copy;
    }

    @Override
    protected long calculateMaxNetworkDelay(List<Message.Mutable> messages) {
        if (messages.size() == 1 && Channel.META_CONNECT.equals(messages.get(0).getChannel())) {
            return advisedHold(messages.get(0)) + this.connectMarginMillis;
        }
        return this.requestTimeoutMillis;
    }

    /**
     * The {@code timeout} advice of the connect itself ({@code 0} on the first one), else
     * of the last reply.
     */
    private long advisedHold(Message.Mutable connect) {
        Map<String, Object> advice = connect.getAdvice();
        if (advice == null || !advice.containsKey(Message.TIMEOUT_FIELD)) {
            advice = getAdvice();
        }
        Object timeout = (advice != null) ? advice.get(Message.TIMEOUT_FIELD) : null;
        if (timeout instanceof Number number) {
            return Math.max(0, number.longValue());
        }
        try {
            return (timeout != null) ? Math.max(0, Long.parseLong(timeout.toString())) : 0;
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }

    @Override
    protected void customize(Request request) {
        super.customize(request);
        String token = this.accessToken.get();
        if (token != null) {
            request.headers((headers) -> headers.put(new BearerAuthorizationField(token)));
        }
    }

    @Override
    public String toString() {
        return "BearerTransport[" + getURL() + "]";
    }

}
