package io.sfstream.spring.autoconfigure;

import java.net.URI;

import io.sfstream.emulator.EmulatorLogin;
import io.sfstream.emulator.SalesforceEmulator;

/**
 * Connection details that log in to an emulated org with the username-password flow of
 * its first user and connected app.
 */
final class EmulatorConnectionDetails implements SalesforceStreamingConnectionDetails {

    private final SalesforceEmulator emulator;

    EmulatorConnectionDetails(SalesforceEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public URI getLoginUrl() {
        return this.emulator.loginUrl();
    }

    @Override
    public SalesforceCredentials getCredentials() {
        EmulatorLogin login = this.emulator.login();
        return new SalesforceCredentials.Password(login.consumerKey(), login.consumerSecret(), login.username(),
                login.password(), login.securityToken());
    }

    @Override
    public PubSubEndpoint getPubSubEndpoint() {
        return new PubSubEndpoint(this.emulator.pubSubHost(), this.emulator.pubSubPort(), true);
    }

    @Override
    public String toString() {
        return "EmulatorConnectionDetails[loginUrl=" + getLoginUrl() + "]";
    }

}
