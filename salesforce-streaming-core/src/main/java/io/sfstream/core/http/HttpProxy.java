package io.sfstream.core.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy that token requests and Bayeux requests cross: {@code CONNECT} tunnels
 * for {@code https} targets, absolute-URI requests for plain {@code http} ones (loopback
 * only). Credentials, when given, are sent preemptively as {@code Proxy-Authorization:
 * Basic}; hosts matching a non-proxy pattern are reached directly.
 *
 * <p>
 * Immutable and thread-safe. {@link #toString()} never shows the password.
 *
 * @param host the proxy's host name or address
 * @param port the proxy's port, 1 to 65535
 * @param username the proxy user, or {@code null} when the proxy needs no credentials
 * @param password the proxy user's password, or {@code null} when there is no user
 * @param nonProxyHosts hosts reached directly: names or addresses, each may start or end
 * with {@code *} ({@code *.corp.example.com}, {@code 10.*}), matched without regard to
 * case, as the JVM's {@code http.nonProxyHosts}
 */
public record HttpProxy(String host, int port, @Nullable String username, @Nullable String password,
        List<String> nonProxyHosts) {

    /**
     * Validates the proxy.
     * @param host the host
     * @param port the port
     * @param username the user, or {@code null}
     * @param password the password, or {@code null}
     * @param nonProxyHosts the hosts reached directly
     * @throws IllegalArgumentException if the host is blank, the port out of range, or a
     * password is given without a user
     */
    public HttpProxy {
        Objects.requireNonNull(host, "host");
        host = host.trim();
        if (host.contains("@")) {
            // Never echo it: the user info may hold a password.
            throw new IllegalArgumentException(
                    "proxy host must not contain user info (user:password@): give the " + "credentials apart");
        }
        if (host.isEmpty() || host.contains("/")) {
            throw new IllegalArgumentException("proxy host '" + host + "' is not a host name or address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port " + port + " is not between 1 and 65535");
        }
        if (username != null && username.isBlank()) {
            username = null;
        }
        if (username == null && password != null && !password.isEmpty()) {
            throw new IllegalArgumentException("a proxy password is given without a proxy username");
        }
        if (username != null && password == null) {
            password = "";
        }
        if (username == null) {
            password = null;
        }
        nonProxyHosts = nonProxyHosts.stream().map(String::trim).filter((pattern) -> !pattern.isEmpty()).toList();
    }

    /**
     * Creates a proxy without credentials or non-proxy hosts.
     * @param host the host
     * @param port the port
     * @return the proxy
     */
    public static HttpProxy of(String host, int port) {
        return new HttpProxy(host, port, null, null, List.of());
    }

    /**
     * Returns this proxy with credentials, sent as {@code Proxy-Authorization: Basic}.
     * @param username the proxy user
     * @param password the password
     * @return a new proxy
     */
    public HttpProxy withCredentials(String username, String password) {
        return new HttpProxy(this.host, this.port, Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"), this.nonProxyHosts);
    }

    /**
     * Returns this proxy with hosts that are reached directly.
     * @param patterns names or addresses, each may start or end with {@code *}
     * @return a new proxy
     */
    public HttpProxy withNonProxyHosts(List<String> patterns) {
        return new HttpProxy(this.host, this.port, this.username, this.password, patterns);
    }

    /**
     * Whether the proxy asks for credentials.
     * @return whether a username is set
     */
    public boolean hasCredentials() {
        return this.username != null;
    }

    /**
     * Returns the proxy's address as a URI, {@code http://host:port}.
     * @return the URI
     */
    public URI uri() {
        String name = (this.host.contains(":") && !this.host.startsWith("[")) ? "[" + this.host + "]" : this.host;
        return URI.create("http://" + name + ":" + this.port);
    }

    /**
     * Whether a host is reached directly, as one of the non-proxy hosts.
     * @param targetHost a host name or address, IPv6 with or without brackets
     * @return whether it matches a non-proxy pattern
     */
    public boolean bypasses(String targetHost) {
        String candidate = unbracket(targetHost.toLowerCase(Locale.ROOT));
        for (String pattern : this.nonProxyHosts) {
            if (glob(unbracket(pattern.toLowerCase(Locale.ROOT))).matcher(candidate).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private static String unbracket(String host) {
        return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return "HttpProxy[" + this.host + ":" + this.port
                + ((this.username != null) ? ", username=" + this.username + ", password=****" : "")
                + (this.nonProxyHosts.isEmpty() ? "" : ", nonProxyHosts=" + this.nonProxyHosts) + "]";
    }

}
