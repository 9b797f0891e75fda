package io.sfstream.core.http;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * How the client reaches Salesforce, shared by token requests and Bayeux requests: the
 * HTTP proxy (if any), the TLS context that holds the trust material (and the key
 * material for mutual TLS), and the connect timeout. Both go through one HTTP client
 * configured from this value.
 *
 * <pre>{@code
 * HttpSettings http = HttpSettings.systemDefault()
 *     .withProxy(HttpProxy.of("proxy.corp.example.com", 3128).withCredentials("svc-stream", password))
 *     .withSslContext(sslContextTrustingTheCorporateCa);
 * }</pre>
 *
 * <p>
 * Immutable and thread-safe. {@link #toString()} never shows the proxy password.
 */
public final class HttpSettings {

    /** The connect timeout used unless another is set. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

    /** The JVM's non-proxy hosts when {@code http.nonProxyHosts} is not set. */
    static final List<String> JVM_DEFAULT_NON_PROXY_HOSTS = List.of("localhost", "127.*", "[::1]", "0.0.0.0", "[::0]");

    private static final HttpSettings DIRECT = new HttpSettings(null, null, null, DEFAULT_CONNECT_TIMEOUT);

    private final @Nullable HttpProxy httpsProxy;

    private final @Nullable HttpProxy httpProxy;

    private final @Nullable SSLContext sslContext;

    private final Duration connectTimeout;

    private HttpSettings(@Nullable HttpProxy httpsProxy, @Nullable HttpProxy httpProxy, @Nullable SSLContext sslContext,
            Duration connectTimeout) {
        this.httpsProxy = httpsProxy;
        this.httpProxy = httpProxy;
        this.sslContext = sslContext;
        this.connectTimeout = connectTimeout;
    }

    /**
     * Returns settings without a proxy, trusting the JVM's default trust store, with a
     * 15-second connect timeout.
     * @return the settings
     */
    public static HttpSettings direct() {
        return DIRECT;
    }

    /**
     * Returns the settings of the JVM's standard system properties, as they are now (see
     * {@link #fromSystemProperties(Properties)}).
     * @return the settings
     */
    public static HttpSettings systemDefault() {
        return fromSystemProperties(System.getProperties());
    }

    /**
     * Reads the JVM's standard proxy properties: {@code https.proxyHost} and
     * {@code https.proxyPort} (default 443) for {@code https} targets,
     * {@code http.proxyHost} and {@code http.proxyPort} (default 80) for plain
     * {@code http} ones, {@code http.nonProxyHosts} for both ({@code |}-separated;
     * {@code localhost|127.*|[::1]|0.0.0.0|[::0]} when not set, as the JVM), and the
     * widespread but non-standard {@code https.proxyUser} / {@code https.proxyPassword}
     * ({@code http.proxyUser} / {@code http.proxyPassword}) for credentials. TLS trust
     * comes from the JVM's default trust store ({@code javax.net.ssl.trustStore}).
     * @param properties system properties
     * @return the settings
     * @throws IllegalArgumentException if a proxy port is not a number
     */
    public static HttpSettings fromSystemProperties(Properties properties) {
        String nonProxyHosts = properties.getProperty("http.nonProxyHosts");
        List<String> bypassed = (nonProxyHosts != null) ? Arrays.asList(nonProxyHosts.split("\\|"))
                : JVM_DEFAULT_NON_PROXY_HOSTS;
        return new HttpSettings(systemProxy(properties, "https", 443, bypassed),
                systemProxy(properties, "http", 80, bypassed), null, DEFAULT_CONNECT_TIMEOUT);
    }

    private static @Nullable HttpProxy systemProxy(Properties properties, String scheme, int defaultPort,
            List<String> nonProxyHosts) {
        String host = properties.getProperty(scheme + ".proxyHost");
        if (host == null || host.isBlank()) {
            return null;
        }
        String port = properties.getProperty(scheme + ".proxyPort");
        int number;
        try {
            number = (port == null || port.isBlank()) ? defaultPort : Integer.parseInt(port.trim());
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(
                    "system property " + scheme + ".proxyPort '" + port + "' is not a port number", ex);
        }
        return new HttpProxy(host, number, properties.getProperty(scheme + ".proxyUser"),
                properties.getProperty(scheme + ".proxyPassword"), nonProxyHosts);
    }

    /**
     * Returns these settings with one proxy for every target, replacing any proxy of the
     * system properties.
     * @param proxy the proxy, or {@code null} to connect directly
     * @return new settings
     */
    public HttpSettings withProxy(@Nullable HttpProxy proxy) {
        return new HttpSettings(proxy, proxy, this.sslContext, this.connectTimeout);
    }

    /**
     * Returns these settings with a TLS context: its trust managers decide which server
     * certificates are trusted (a private certificate authority, a TLS-inspecting
     * proxy's), its key managers present a client certificate when the server asks for
     * one (mutual TLS). Host names are verified either way.
     * @param sslContext the context, or {@code null} for the JVM's default trust store
     * @return new settings
     */
    public HttpSettings withSslContext(@Nullable SSLContext sslContext) {
        return new HttpSettings(this.httpsProxy, this.httpProxy, sslContext, this.connectTimeout);
    }

    /**
     * Returns these settings with another connect timeout.
     * @param connectTimeout how long opening a connection (to the proxy, or to
     * Salesforce) may take, positive
     * @return new settings
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public HttpSettings withConnectTimeout(Duration connectTimeout) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        return new HttpSettings(this.httpsProxy, this.httpProxy, this.sslContext, connectTimeout);
    }

    /**
     * Returns the proxy a request to a target crosses.
     * @param target an absolute {@code http} or {@code https} URI
     * @return the proxy, or {@code null} when the target is reached directly (no proxy
     * for its scheme, or a non-proxy host)
     */
    public @Nullable HttpProxy proxyFor(URI target) {
        String scheme = (target.getScheme() != null) ? target.getScheme().toLowerCase(Locale.ROOT) : "";
        HttpProxy proxy = scheme.equals("https") ? this.httpsProxy : scheme.equals("http") ? this.httpProxy : null;
        String host = target.getHost();
        if (proxy == null || host == null || proxy.bypasses(host)) {
            return null;
        }
        return proxy;
    }

    /**
     * Returns the proxies of these settings, for {@code https} then plain {@code http}
     * targets, without repeats.
     * @return the proxies, empty when every target is reached directly
     */
    public List<HttpProxy> proxies() {
        if (this.httpsProxy == null) {
            return (this.httpProxy != null) ? List.of(this.httpProxy) : List.of();
        }
        return (this.httpProxy == null || this.httpProxy.equals(this.httpsProxy)) ? List.of(this.httpsProxy)
                : List.of(this.httpsProxy, this.httpProxy);
    }

    /**
     * Returns the TLS context.
     * @return the context, or {@code null} for the JVM's default trust store
     */
    public @Nullable SSLContext sslContext() {
        return this.sslContext;
    }

    /**
     * Returns how long opening a connection may take.
     * @return the connect timeout
     */
    public Duration connectTimeout() {
        return this.connectTimeout;
    }

    @Override
    public String toString() {
        String proxies = (this.httpsProxy != null && this.httpsProxy.equals(this.httpProxy))
                ? "proxy=" + this.httpsProxy : "httpsProxy=" + this.httpsProxy + ", httpProxy=" + this.httpProxy;
        return "HttpSettings[" + proxies + ", sslContext="
                + ((this.sslContext != null) ? this.sslContext.getProtocol() : "JVM default") + ", connectTimeout="
                + this.connectTimeout + "]";
    }

}
