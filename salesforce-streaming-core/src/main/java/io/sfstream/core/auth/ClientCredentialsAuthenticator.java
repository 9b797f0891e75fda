package io.sfstream.core.auth;

/**
 * The OAuth client-credentials flow ({@code grant_type=client_credentials}). Salesforce accepts it only on a My Domain
 * host ({@code https://<MyDomain>.my.salesforce.com}); {@code login.salesforce.com} and {@code test.salesforce.com}
 * answer {@code invalid_grant} / {@code request not supported on this domain}.
 *
 * <p>Thread-safe. {@code toString()} never shows the secret.
 */
public final class ClientCredentialsAuthenticator implements Authenticator {

    /**
     * Creates the authenticator.
     *
     * @param myDomainUrl the org's My Domain URL
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the connected app's consumer secret
     */
    public ClientCredentialsAuthenticator(LoginUrl myDomainUrl, String consumerKey, String consumerSecret) {
        throw new UnsupportedOperationException("to be implemented");
    }

    @Override
    public AccessToken authenticate() {
        throw new UnsupportedOperationException("to be implemented");
    }
}
