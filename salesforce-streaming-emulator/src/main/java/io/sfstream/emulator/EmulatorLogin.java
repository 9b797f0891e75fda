package io.sfstream.emulator;

import java.net.URI;
import java.util.Objects;

/**
 * What a client needs to log in to an emulated org with the username-password flow: the
 * login URL, the first connected app and the first user. {@link #toString()} shows the
 * URL, the consumer key and the username only.
 *
 * @param loginUrl the token host ({@link SalesforceEmulator#loginUrl()})
 * @param consumerKey the connected app's consumer key
 * @param consumerSecret the connected app's consumer secret
 * @param username the user's login name
 * @param password the user's password
 * @param securityToken the user's security token
 */
public record EmulatorLogin(URI loginUrl, String consumerKey, String consumerSecret, String username, String password,
        String securityToken) {

    /**
     * Checks that no component is {@code null}.
     */
    public EmulatorLogin {
        Objects.requireNonNull(loginUrl, "loginUrl");
        Objects.requireNonNull(consumerKey, "consumerKey");
        Objects.requireNonNull(consumerSecret, "consumerSecret");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(securityToken, "securityToken");
    }

    @Override
    public String toString() {
        return "EmulatorLogin[loginUrl=" + this.loginUrl + ", consumerKey=" + this.consumerKey + ", username="
                + this.username + ", consumerSecret=****, password=****, securityToken=****]";
    }

}
