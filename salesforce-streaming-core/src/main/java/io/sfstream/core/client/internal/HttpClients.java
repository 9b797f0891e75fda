package io.sfstream.core.client.internal;

import io.sfstream.core.TransportException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and stops the Jetty {@link HttpClient} of a streaming client.
 */
final class HttpClients {

    private static final Logger logger = LoggerFactory.getLogger(HttpClients.class);

    private HttpClients() {
    }

    /**
     * Creates and starts an HTTP client. Cookies are kept by CometD's own cookie store
     * (per Bayeux session, so {@code BAYEUX_BROWSER} and load-balancer cookies are
     * returned), not by Jetty's, so none is sent twice.
     * @return the started client
     */
    static HttpClient create() {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("sfstream-http");
        threads.setDaemon(true);
        HttpClient client = new HttpClient();
        client.setExecutor(threads);
        client.setName("sfstream");
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setConnectTimeout(15_000);
        try {
            client.start();
        }
        catch (Exception ex) {
            throw new TransportException("Could not start the HTTP client", ex);
        }
        return client;
    }

    static void stop(HttpClient client) {
        try {
            client.stop();
        }
        catch (Exception ex) {
            logger.debug("Stopping the HTTP client failed", ex);
        }
    }

}
