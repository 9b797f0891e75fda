package io.sfstream.core.auth;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The host of Salesforce's OAuth token endpoint: production, sandbox, or a My Domain /
 * custom URL. {@code https} is required except for loopback hosts ({@code localhost},
 * {@code *.localhost}, {@code 127.0.0.0/8}, {@code [::1]}), which the emulator uses.
 *
 * @param uri the base URL, without a trailing slash and without
 * {@code /services/oauth2/token}
 */
public record LoginUrl(URI uri) {

    private static final String TOKEN_PATH = "/services/oauth2/token";

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    /** {@code https://login.salesforce.com}: production orgs. */
    public static final LoginUrl PRODUCTION = new LoginUrl(URI.create("https://login.salesforce.com"));

    /** {@code https://test.salesforce.com}: sandboxes. */
    public static final LoginUrl SANDBOX = new LoginUrl(URI.create("https://test.salesforce.com"));

    /**
     * Validates and normalizes the URL.
     * @param uri the base URL
     * @throws IllegalArgumentException if it is not absolute, or not {@code https} for a
     * non-loopback host
     */
    public LoginUrl {
        Objects.requireNonNull(uri, "uri");
        if (uri.getRawUserInfo() != null) {
            // Never echo the URL here: its user info may hold a password.
            throw new IllegalArgumentException(
                    "login URL must not contain user info (user:password@): " + "use https://" + uri.getHost());
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException("login URL '" + uri + "' is not an absolute URL: use "
                    + "https://login.salesforce.com, https://test.salesforce.com or https://<MyDomain>.my.salesforce.com");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean https = scheme.equals("https");
        if (!https && !(scheme.equals("http") && isLoopback(uri))) {
            throw new IllegalArgumentException("login URL '" + uri + "' must use https (plain http is allowed for "
                    + "localhost only): use https://" + uri.getRawAuthority());
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("login URL '" + uri + "' must not have a query or a fragment: use "
                    + scheme + "://" + uri.getRawAuthority());
        }
        String url = uri.toString();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (url.endsWith(TOKEN_PATH)) {
            throw new IllegalArgumentException("login URL '" + uri + "' must be the base URL, without " + TOKEN_PATH
                    + ": use " + url.substring(0, url.length() - TOKEN_PATH.length()));
        }
        uri = URI.create(url);
    }

    /**
     * Parses a login URL, for example {@code https://acme.my.salesforce.com}.
     * @param url the base URL
     * @return the login URL
     * @throws IllegalArgumentException if it is not absolute, or not {@code https} for a
     * non-loopback host
     */
    public static LoginUrl of(String url) {
        return new LoginUrl(URI.create(url));
    }

    /**
     * Returns the token endpoint, {@code {uri}/services/oauth2/token}.
     * @return the token endpoint URI
     */
    public URI tokenEndpoint() {
        return URI.create(this.uri + TOKEN_PATH);
    }

    /**
     * Whether the host is a loopback host, where plain {@code http} is allowed.
     * @param uri any URI
     * @return whether its host is {@code localhost}, a {@code *.localhost} name, a
     * {@code 127.0.0.0/8} address or {@code [::1]}; no name is resolved
     */
    public static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equals("localhost") || host.endsWith(".localhost") || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1") || isIpv4Loopback(host);
    }

    private static boolean isIpv4Loopback(String host) {
        if (!IPV4_LOOPBACK.matcher(host).matches()) {
            return false;
        }
        for (String octet : host.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
