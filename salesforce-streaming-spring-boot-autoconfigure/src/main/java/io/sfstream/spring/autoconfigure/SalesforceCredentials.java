package io.sfstream.spring.autoconfigure;

import java.security.PrivateKey;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The credentials of one OAuth flow, as {@link SalesforceStreamingConnectionDetails}
 * provides them. Every {@code toString()} masks the secrets.
 */
public sealed interface SalesforceCredentials {

    /**
     * Returns the connected app's consumer key.
     * @return the consumer key
     */
    String consumerKey();

    /**
     * The username-password flow.
     *
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the connected app's consumer secret
     * @param username the user's login name
     * @param password the user's password
     * @param securityToken the user's security token, appended to the password, or
     * {@code null} when the IP is trusted
     */
    record Password(String consumerKey, String consumerSecret, String username, String password,
            @Nullable String securityToken) implements SalesforceCredentials {

        /** Checks the required components. */
        public Password {
            Objects.requireNonNull(consumerKey, "consumerKey");
            Objects.requireNonNull(consumerSecret, "consumerSecret");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Password[consumerKey=" + this.consumerKey + ", username=" + this.username
                    + ", consumerSecret=****, password=****, securityToken=****]";
        }

    }

    /**
     * The refresh-token flow.
     *
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the consumer secret, or {@code null} when the app does not
     * require it
     * @param refreshToken the refresh token
     */
    record RefreshToken(String consumerKey, @Nullable String consumerSecret,
            String refreshToken) implements SalesforceCredentials {

        /** Checks the required components. */
        public RefreshToken {
            Objects.requireNonNull(consumerKey, "consumerKey");
            Objects.requireNonNull(refreshToken, "refreshToken");
        }

        @Override
        public String toString() {
            return "RefreshToken[consumerKey=" + this.consumerKey + ", consumerSecret=****, refreshToken=****]";
        }

    }

    /**
     * The JWT bearer flow.
     *
     * @param consumerKey the connected app's consumer key (the assertion's issuer)
     * @param username the user the application acts as
     * @param privateKey the private key of the certificate uploaded to the connected app
     * @param audience the assertion's {@code aud} claim, or {@code null} for the login
     * host
     */
    record JwtBearer(String consumerKey, String username, PrivateKey privateKey,
            @Nullable String audience) implements SalesforceCredentials {

        /** Checks the required components. */
        public JwtBearer {
            Objects.requireNonNull(consumerKey, "consumerKey");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        @Override
        public String toString() {
            return "JwtBearer[consumerKey=" + this.consumerKey + ", username=" + this.username + ", audience="
                    + this.audience + ", privateKey=****]";
        }

    }

    /**
     * The client-credentials flow (a My Domain login URL is required).
     *
     * @param consumerKey the connected app's consumer key
     * @param consumerSecret the connected app's consumer secret
     */
    record ClientCredentials(String consumerKey, String consumerSecret) implements SalesforceCredentials {

        /** Checks the required components. */
        public ClientCredentials {
            Objects.requireNonNull(consumerKey, "consumerKey");
            Objects.requireNonNull(consumerSecret, "consumerSecret");
        }

        @Override
        public String toString() {
            return "ClientCredentials[consumerKey=" + this.consumerKey + ", consumerSecret=****]";
        }

    }

}
