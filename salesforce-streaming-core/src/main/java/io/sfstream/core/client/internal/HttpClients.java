package io.sfstream.core.client.internal;

import io.sfstream.core.http.HttpSettings;
import io.sfstream.core.http.internal.JettyHttpClients;
import org.eclipse.jetty.client.HttpClient;

/**
 * Creates and stops the Jetty {@link HttpClient} of a streaming client's Bayeux session,
 * configured as token requests are (see {@link JettyHttpClients}). Cookies are kept by
 * CometD's own cookie store (per Bayeux session, so {@code BAYEUX_BROWSER} and
 * load-balancer cookies are returned), not by Jetty's, so none is sent twice.
 */
final class HttpClients {

    private HttpClients() {
    }

    /**
     * Creates and starts an HTTP client.
     * @param settings the proxy, TLS context and connect timeout
     * @return the started client
     */
    static HttpClient create(HttpSettings settings) {
        return JettyHttpClients.create(settings, "sfstream-http", 16);
    }

    static void stop(HttpClient client) {
        JettyHttpClients.stop(client);
    }

}
