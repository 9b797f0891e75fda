package io.sfstream.core.auth;

import java.net.URI;

/**
 * The host of Salesforce's OAuth token endpoint: production, sandbox, or a My Domain / custom URL. {@code https} is
 * required except for loopback hosts ({@code localhost}, {@code *.localhost}, {@code 127.0.0.0/8}, {@code [::1]}),
 * which the emulator uses.
 *
 * @param uri the base URL, without a trailing slash and without {@code /services/oauth2/token}
 */
public record LoginUrl(URI uri) {

    /** {@code https://login.salesforce.com}: production orgs. */
    public static final LoginUrl PRODUCTION = new LoginUrl(URI.create("https://login.salesforce.com"));

    /** {@code https://test.salesforce.com}: sandboxes. */
    public static final LoginUrl SANDBOX = new LoginUrl(URI.create("https://test.salesforce.com"));

    /**
     * Validates and normalizes the URL.
     *
     * @param uri the base URL
     * @throws IllegalArgumentException if it is not absolute, or not {@code https} for a non-loopback host
     */
    public LoginUrl {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Parses a login URL, for example {@code https://acme.my.salesforce.com}.
     *
     * @param url the base URL
     * @return the login URL
     * @throws IllegalArgumentException if it is not absolute, or not {@code https} for a non-loopback host
     */
    public static LoginUrl of(String url) {
        return new LoginUrl(URI.create(url));
    }

    /**
     * Returns the token endpoint, {@code {uri}/services/oauth2/token}.
     *
     * @return the token endpoint URI
     */
    public URI tokenEndpoint() {
        return URI.create(this.uri + "/services/oauth2/token");
    }

    /**
     * Whether the host is a loopback host, where plain {@code http} is allowed.
     *
     * @param uri any URI
     * @return whether its host is loopback
     */
    public static boolean isLoopback(URI uri) {
        throw new UnsupportedOperationException("to be implemented");
    }
}
