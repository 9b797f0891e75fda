package io.sfstream.core.auth;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An OAuth access token and the instance it is valid for. {@link #toString()} never shows
 * the token.
 *
 * @param value the access token, sent as {@code Authorization: Bearer <value>}
 * @param instanceUrl the org's instance URL, without a trailing slash
 * @param issuedAt when the token was issued, or {@code null} if unknown
 * @param orgId the 18-character org id taken from the identity URL, or {@code null} if
 * unknown
 */
public record AccessToken(String value, URI instanceUrl, @Nullable Instant issuedAt, @Nullable String orgId) {

    /**
     * Creates the token, removing a trailing slash from the instance URL.
     * @param value the access token
     * @param instanceUrl the instance URL
     * @param issuedAt when it was issued, or {@code null}
     * @param orgId the org id, or {@code null}
     */
    public AccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(instanceUrl, "instanceUrl");
        if (value.isBlank()) {
            throw new IllegalArgumentException("access token must not be blank");
        }
        String url = instanceUrl.toString();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        instanceUrl = URI.create(url);
    }

    /**
     * Creates a token with only a value and an instance URL.
     * @param value the access token
     * @param instanceUrl the instance URL
     * @return the token
     */
    public static AccessToken of(String value, URI instanceUrl) {
        return new AccessToken(value, instanceUrl, null, null);
    }

    @Override
    public String toString() {
        return "AccessToken[value=******, instanceUrl=" + this.instanceUrl + ", issuedAt=" + this.issuedAt + ", orgId="
                + this.orgId + "]";
    }
}
