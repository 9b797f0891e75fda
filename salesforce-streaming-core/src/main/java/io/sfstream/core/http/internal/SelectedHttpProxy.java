package io.sfstream.core.http.internal;

import java.net.URI;
import java.net.URISyntaxException;

import io.sfstream.core.http.HttpProxy;
import io.sfstream.core.http.HttpSettings;
import org.eclipse.jetty.client.Origin;

/**
 * A Jetty HTTP proxy that serves exactly the targets for which
 * {@link HttpSettings#proxyFor(URI)} names it: the right scheme, and not a non-proxy host
 * (patterns with {@code *}, which Jetty's own excluded addresses do not support).
 */
final class SelectedHttpProxy extends org.eclipse.jetty.client.HttpProxy {

    private final HttpSettings settings;

    private final HttpProxy proxy;

    SelectedHttpProxy(HttpSettings settings, HttpProxy proxy) {
        super(proxy.host(), proxy.port());
        this.settings = settings;
        this.proxy = proxy;
    }

    @Override
    public boolean matches(Origin origin) {
        if (!super.matches(origin)) {
            return false;
        }
        try {
            URI target = new URI(origin.getScheme(), null, origin.getAddress().getHost(), origin.getAddress().getPort(),
                    null, null, null);
            return this.proxy.equals(this.settings.proxyFor(target));
        }
        catch (URISyntaxException ex) {
            return false;
        }
    }

}
