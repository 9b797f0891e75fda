package io.sfstream.core.auth;

import org.jspecify.annotations.Nullable;

/**
 * The username-password OAuth flow ({@code grant_type=password}). The security token, when given, is appended to
 * the password as Salesforce requires for untrusted IP ranges. Salesforce discourages this flow and admins may block
 * it: prefer {@link JwtBearerAuthenticator} or {@link ClientCredentialsAuthenticator} in production.
 *
 * <p>Thread-safe. {@code toString()} shows the login URL and username only.
 */
public final class PasswordAuthenticator implements Authenticator {

    /**
     * Creates the authenticator.
     *
     * @param loginUrl the token host: {@link LoginUrl#PRODUCTION}, {@link LoginUrl#SANDBOX} or a My Domain URL
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the connected app's consumer secret
     * @param username the Salesforce username
     * @param password the user's password
     * @param securityToken the user's security token, or {@code null} when the IP range is trusted
     */
    public PasswordAuthenticator(LoginUrl loginUrl, String consumerKey, String consumerSecret, String username,
            String password, @Nullable String securityToken) {
        throw new UnsupportedOperationException("to be implemented");
    }

    @Override
    public AccessToken authenticate() {
        throw new UnsupportedOperationException("to be implemented");
    }
}
