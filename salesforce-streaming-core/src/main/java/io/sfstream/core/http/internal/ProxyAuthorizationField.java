package io.sfstream.core.http.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The {@code Proxy-Authorization: Basic <credentials>} request header, readable on the
 * wire only. Jetty's HTTP/1.1 generator writes a {@link PreEncodedHttpField} from the
 * bytes encoded at construction; everything else reads the value through
 * {@link #getValue()}, masked, including {@code HttpFields.toString()}, which Jetty logs
 * at DEBUG ("Request headers ...").
 */
final class ProxyAuthorizationField extends PreEncodedHttpField {

    static final String MASKED_VALUE = "Basic ****";

    ProxyAuthorizationField(String username, String password) {
        super(HttpHeader.PROXY_AUTHORIZATION, "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String getValue() {
        return MASKED_VALUE;
    }

    @Override
    public String toString() {
        return HttpHeader.PROXY_AUTHORIZATION.asString() + ": " + MASKED_VALUE;
    }

}
