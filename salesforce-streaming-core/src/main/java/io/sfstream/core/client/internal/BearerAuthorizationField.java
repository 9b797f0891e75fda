package io.sfstream.core.client.internal;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The {@code Authorization: Bearer <token>} request header, readable on the wire only.
 * Jetty's HTTP/1.1 generator writes a {@link PreEncodedHttpField} from the bytes encoded
 * at construction, so the token travels as is; everything else reads the value through
 * {@link #getValue()}, masked, including {@code HttpFields.toString()}, which Jetty's
 * {@code HttpSender} logs at DEBUG ("Request headers ...").
 */
final class BearerAuthorizationField extends PreEncodedHttpField {

    static final String MASKED_VALUE = "Bearer ****";

    BearerAuthorizationField(String accessToken) {
        super(HttpHeader.AUTHORIZATION, "Bearer " + accessToken);
    }

    @Override
    public String getValue() {
        return MASKED_VALUE;
    }

    @Override
    public String toString() {
        return HttpHeader.AUTHORIZATION.asString() + ": " + MASKED_VALUE;
    }

}
