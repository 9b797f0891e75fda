package io.sfstream.emulator.internal.org;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The access tokens the org issued and has not revoked. Tokens look like Salesforce's
 * session ids: the 15-character org id, {@code !}, then random characters.
 *
 * <p>
 * Thread-safe.
 */
public final class AccessTokens {

    private final String orgId;

    private final Map<String, IssuedToken> live = new ConcurrentHashMap<>();

    /**
     * Creates the registry of an org.
     * @param orgId the org's 18-character id
     */
    public AccessTokens(String orgId) {
        this.orgId = orgId;
    }

    /**
     * Issues a new access token.
     * @param user the user it acts for
     * @param consumerKey the connected app it is issued to
     * @param now the issue time
     * @return the issued token
     */
    public IssuedToken issue(UserAccount user, String consumerKey, Instant now) {
        String value = this.orgId.substring(0, 15) + "!" + "AQ" + SalesforceIds.randomAlphanumeric(10) + "."
                + SalesforceIds.randomAlphanumeric(96);
        IssuedToken token = new IssuedToken(value, user, consumerKey, now);
        this.live.put(value, token);
        return token;
    }

    /**
     * Finds a live token.
     * @param accessToken the token value, may be {@code null}
     * @return the token, if issued and not revoked
     */
    public Optional<IssuedToken> find(@Nullable String accessToken) {
        return accessToken == null ? Optional.empty() : Optional.ofNullable(this.live.get(accessToken));
    }

    /** Revokes every issued token. */
    public void revokeAll() {
        this.live.clear();
    }

}
