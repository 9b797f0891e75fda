package io.sfstream.core.auth;

import java.security.PrivateKey;

import org.jspecify.annotations.Nullable;

/**
 * The OAuth 2.0 JWT bearer flow ({@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}): an RS256-signed
 * assertion with {@code iss} = consumer key, {@code sub} = username, {@code aud} = the login host (or the given
 * audience) and {@code exp} a few minutes ahead, signed with the private key of the connected app's certificate. Load
 * the key with {@link PrivateKeys}.
 *
 * <p>Thread-safe. {@code toString()} never shows the key.
 */
public final class JwtBearerAuthenticator implements Authenticator {

    /**
     * Creates the authenticator.
     *
     * @param loginUrl the token host
     * @param consumerKey the connected app's consumer key ({@code iss})
     * @param username the Salesforce username ({@code sub})
     * @param privateKey the RSA private key matching the connected app's certificate
     * @param audience the {@code aud} claim, or {@code null} for the login URL itself (with
     * {@code https://login.salesforce.com} or {@code https://test.salesforce.com} for My Domain hosts of
     * production and sandbox orgs)
     */
    public JwtBearerAuthenticator(LoginUrl loginUrl, String consumerKey, String username, PrivateKey privateKey,
            @Nullable String audience) {
        throw new UnsupportedOperationException("to be implemented");
    }

    @Override
    public AccessToken authenticate() {
        throw new UnsupportedOperationException("to be implemented");
    }
}
