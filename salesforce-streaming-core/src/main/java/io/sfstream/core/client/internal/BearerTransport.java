package io.sfstream.core.client.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.jspecify.annotations.Nullable;

/**
 * The long-polling transport, putting {@code Authorization: Bearer <token>} on every request, read from the current
 * token at the time the request is sent, so a new token is used at once. The header's value is masked everywhere but
 * on the wire (see {@link BearerAuthorizationField}), so Jetty's DEBUG logging of request headers never shows it.
 */
public final class BearerTransport extends JettyHttpClientTransport {

    private final Supplier<@Nullable String> accessToken;

    /**
     * Creates the transport.
     *
     * @param options CometD transport options
     * @param scheduler the scheduler for timeouts
     * @param httpClient the started HTTP client
     * @param accessToken supplies the current access token
     */
    public BearerTransport(Map<String, Object> options, ScheduledExecutorService scheduler, HttpClient httpClient,
            Supplier<@Nullable String> accessToken) {
        super(null, withJacksonParsing(options), scheduler, httpClient);
        this.accessToken = accessToken;
    }

    /** Responses are parsed by {@link JacksonJsonContextClient} unless the options name a JSON context. */
    private static Map<String, Object> withJacksonParsing(Map<String, Object> options) {
        Map<String, Object> copy = new HashMap<>(options);
        copy.putIfAbsent(JSON_CONTEXT_OPTION, new JacksonJsonContextClient());
        return copy;
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
