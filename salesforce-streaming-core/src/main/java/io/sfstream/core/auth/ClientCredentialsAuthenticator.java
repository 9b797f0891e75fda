package io.sfstream.core.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.sfstream.core.http.HttpSettings;

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
     * Creates the authenticator; token requests use the JVM's proxy system properties and
     * default trust store ({@link HttpSettings#systemDefault()}).
     * @param myDomainUrl the org's My Domain URL
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the connected app's consumer secret
     */
    public ClientCredentialsAuthenticator(LoginUrl myDomainUrl, String consumerKey, String consumerSecret) {
        this(myDomainUrl, consumerKey, consumerSecret, TokenEndpoint.standard());
    }

    /**
     * Creates the authenticator whose token requests cross the given proxy and trust the
     * given TLS context.
     * @param myDomainUrl the org's My Domain URL
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the connected app's consumer secret
     * @param http the proxy, TLS context and connect timeout, as the streaming client's
     */
    public ClientCredentialsAuthenticator(LoginUrl myDomainUrl, String consumerKey, String consumerSecret,
            HttpSettings http) {
        this(myDomainUrl, consumerKey, consumerSecret, TokenEndpoint.of(Objects.requireNonNull(http, "http")));
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
        // The secret in the middle: Jetty's DEBUG logging shows a body's first and last
        // bytes.
        form.put("grant_type", "client_credentials");
        form.put("client_secret", this.consumerSecret);
        form.put("client_id", this.consumerKey);
        return this.endpoint.requestToken(GrantFlow.CLIENT_CREDENTIALS, this.myDomainUrl, form);
    }

    @Override
    public String toString() {
        return "ClientCredentialsAuthenticator[flow=" + GrantFlow.CLIENT_CREDENTIALS + ", loginUrl="
                + this.myDomainUrl.uri() + ", consumerKey=" + this.consumerKey + "]";
    }

}
