package io.sfstream.core.http.internal;

import java.net.URI;

import org.eclipse.jetty.client.Authentication;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpScheme;

/**
 * Puts the proxy's Basic credentials on every request the proxy reads: the
 * {@code CONNECT} that opens a tunnel to an {@code https} target, and plain {@code http}
 * requests sent to the proxy in absolute form. Never on a request that travels inside a
 * tunnel: the proxy's credentials are not the server's business. Sent before any
 * {@code 407} challenge, so the proxy never has to ask; a {@code 407} that comes anyway
 * means the proxy refused them.
 */
final class PreemptiveProxyCredentials implements Authentication.Result {

    private final URI proxyUri;

    private final ProxyAuthorizationField field;

    PreemptiveProxyCredentials(URI proxyUri, String username, String password) {
        this.proxyUri = proxyUri;
        this.field = new ProxyAuthorizationField(username, password);
    }

    @Override
    public URI getURI() {
        return this.proxyUri;
    }

    @Override
    public void apply(Request request) {
        boolean tunnel = HttpMethod.CONNECT.is(request.getMethod());
        if (tunnel || !HttpScheme.isSecure(request.getScheme())) {
            request.headers((headers) -> headers.put(this.field));
        }
    }

    @Override
    public String toString() {
        return "PreemptiveProxyCredentials[" + this.proxyUri + "]";
    }

}
