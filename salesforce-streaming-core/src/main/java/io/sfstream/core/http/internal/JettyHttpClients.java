package io.sfstream.core.http.internal;

import javax.net.ssl.SSLContext;

import io.sfstream.core.TransportException;
import io.sfstream.core.http.HttpProxy;
import io.sfstream.core.http.HttpSettings;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and stops the Jetty {@link HttpClient}s of the client, token requests and
 * Bayeux requests alike, configured from one {@link HttpSettings}: the proxy (with its
 * credentials sent preemptively and masked in Jetty's logs), the TLS context (host names
 * always verified) and the connect timeout. A {@code 407} from the proxy is final: it is
 * not answered with other credentials. Cookies are not kept by Jetty: CometD keeps the
 * Bayeux session's own.
 */
public final class JettyHttpClients {

    private static final Logger logger = LoggerFactory.getLogger(JettyHttpClients.class);

    private JettyHttpClients() {
    }

    /**
     * Creates and starts an HTTP client.
     * @param settings the proxy, TLS context and connect timeout
     * @param name the name of the client and its threads
     * @param maxThreads the most threads the client may use
     * @return the started client
     * @throws TransportException when the client cannot start
     */
    public static HttpClient create(HttpSettings settings, String name, int maxThreads) {
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, Math.min(2, maxThreads));
        threads.setName(name);
        threads.setDaemon(true);
        HttpClient client = new HttpClient();
        client.setExecutor(threads);
        client.setName(name);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        client.setSslContextFactory(tls(settings.sslContext()));
        for (HttpProxy proxy : settings.proxies()) {
            SelectedHttpProxy jettyProxy = new SelectedHttpProxy(settings, proxy);
            client.getProxyConfiguration().addProxy(jettyProxy);
            if (proxy.hasCredentials()) {
                client.getAuthenticationStore()
                    .addAuthenticationResult(new PreemptiveProxyCredentials(jettyProxy.getURI(),
                            String.valueOf(proxy.username()), String.valueOf(proxy.password())));
            }
        }
        try {
            client.start();
        }
        catch (Exception ex) {
            stop(client);
            throw new TransportException("Could not start the HTTP client", ex);
        }
        // The proxy's credentials go with the first request: a 407 means they were
        // refused (or are missing), and is reported as it is rather than answered again.
        client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
        return client;
    }

    private static SslContextFactory.Client tls(@Nullable SSLContext sslContext) {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        if (sslContext != null) {
            tls.setSslContext(sslContext);
        }
        return tls;
    }

    /**
     * Stops a client, logging a failure at DEBUG.
     * @param client the client
     */
    public static void stop(HttpClient client) {
        try {
            client.stop();
        }
        catch (Exception ex) {
            logger.debug("Stopping the HTTP client failed", ex);
        }
    }

}
