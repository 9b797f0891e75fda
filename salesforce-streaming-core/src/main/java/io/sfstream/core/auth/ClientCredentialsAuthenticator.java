package io.sfstream.core.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The OAuth client-credentials flow ({@code grant_type=client_credentials}). Salesforce
 * accepts it only on a My Domain host ({@code https://<MyDomain>.my.salesforce.com});
 * {@code login.salesforce.com} and {@code test.salesforce.com} answer
 * {@code invalid_grant} / {@code request not supported on this domain}.
 *
 * <p>
 * Thread-safe. {@code toString()} never shows the secret.
 */
public final class ClientCredentialsAuthenticator implements Authenticator {

    private final LoginUrl myDomainUrl;

    private final String consumerKey;

    private final String consumerSecret;

    private final TokenEndpoint endpoint;

    /**
     * Creates the authenticator.
     * @param myDomainUrl the org's My Domain URL
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the connected app's consumer secret
     */
    public ClientCredentialsAuthenticator(LoginUrl myDomainUrl, String consumerKey, String consumerSecret) {
        this(myDomainUrl, consumerKey, consumerSecret, TokenEndpoint.standard());
    }

    ClientCredentialsAuthenticator(LoginUrl myDomainUrl, String consumerKey, String consumerSecret,
            TokenEndpoint endpoint) {
        this.myDomainUrl = Objects.requireNonNull(myDomainUrl, "myDomainUrl");
        this.consumerKey = Credentials.required(consumerKey, "consumerKey");
        this.consumerSecret = Credentials.required(consumerSecret, "consumerSecret");
        this.endpoint = endpoint;
    }

    /**
     * Requests a new access token with the client-credentials flow. Each call is
     * independent: a failure leaves nothing behind, and the next call tries again.
     * @return the new access token
     * @throws io.sfstream.core.AuthenticationException when Salesforce refuses the
     * credentials or cannot be reached
     */
    @Override
    public AccessToken authenticate() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", this.consumerKey);
        form.put("client_secret", this.consumerSecret);
        return this.endpoint.requestToken(GrantFlow.CLIENT_CREDENTIALS, this.myDomainUrl, form);
    }

    @Override
    public String toString() {
        return "ClientCredentialsAuthenticator[flow=" + GrantFlow.CLIENT_CREDENTIALS + ", loginUrl="
                + this.myDomainUrl.uri() + ", consumerKey=" + this.consumerKey + "]";
    }

}
