package io.sfstream.spring.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the application logs in to Salesforce and with which credentials. By default read
 * from {@code salesforce.streaming.*} properties ({@code login-url}, {@code sandbox}, and
 * the credentials of one OAuth flow); define a bean of this type to take them from
 * elsewhere. A {@code SalesforceEmulator} bean in the context (as
 * {@code @EmbeddedSalesforce} puts in a {@code @SpringBootTest}) provides one that logs
 * in to the emulated org, with no property set.
 *
 * <p>
 * The instance the client then talks to (the Bayeux endpoint) is the {@code instance_url}
 * of the token response, as with Salesforce.
 */
public interface SalesforceStreamingConnectionDetails extends ConnectionDetails {

    /**
     * Returns the token host: {@code https://login.salesforce.com},
     * {@code https://test.salesforce.com} or a My Domain URL ({@code http} only for
     * loopback hosts).
     * @return the login URL
     */
    URI getLoginUrl();

    /**
     * Returns the credentials of the OAuth flow to log in with.
     * @return the credentials
     */
    SalesforceCredentials getCredentials();

    /**
     * Returns where the Pub/Sub API client connects, or {@code null} (the default) for
     * {@code salesforce.streaming.pubsub.host} and {@code port} with TLS. An emulated
     * org's details return its Pub/Sub server, in plaintext.
     * @return the Pub/Sub API endpoint, or {@code null}
     */
    default @Nullable PubSubEndpoint getPubSubEndpoint() {
        return null;
    }

}
