package io.sfstream.spring.autoconfigure;

import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.auth.ClientCredentialsAuthenticator;
import io.sfstream.core.auth.JwtBearerAuthenticator;
import io.sfstream.core.auth.LoginUrl;
import io.sfstream.core.auth.PasswordAuthenticator;
import io.sfstream.core.auth.RefreshTokenAuthenticator;
import io.sfstream.core.http.HttpSettings;

/**
 * Builds the {@link Authenticator} of the application's
 * {@link SalesforceStreamingConnectionDetails}: the flow its credentials are for, against
 * its login URL, over the application's {@link HttpSettings}.
 */
final class AuthenticatorFactory {

    private final SalesforceStreamingConnectionDetails details;

    private final HttpSettings http;

    AuthenticatorFactory(SalesforceStreamingConnectionDetails details, HttpSettings http) {
        this.details = details;
        this.http = http;
    }

    Authenticator create() {
        SalesforceCredentials credentials = this.details.getCredentials();
        LoginUrl loginUrl = loginUrl();
        if (credentials instanceof SalesforceCredentials.Password password) {
            return new PasswordAuthenticator(loginUrl, password.consumerKey(), password.consumerSecret(),
                    password.username(), password.password(), password.securityToken(), this.http);
        }
        if (credentials instanceof SalesforceCredentials.RefreshToken refresh) {
            return new RefreshTokenAuthenticator(loginUrl, refresh.consumerKey(), refresh.consumerSecret(),
                    refresh.refreshToken(), this.http);
        }
        if (credentials instanceof SalesforceCredentials.JwtBearer jwt) {
            return new JwtBearerAuthenticator(loginUrl, jwt.consumerKey(), jwt.username(), jwt.privateKey(),
                    jwt.audience(), this.http);
        }
        SalesforceCredentials.ClientCredentials client = (SalesforceCredentials.ClientCredentials) credentials;
        return new ClientCredentialsAuthenticator(loginUrl, client.consumerKey(), client.consumerSecret(), this.http);
    }

    private LoginUrl loginUrl() {
        try {
            return new LoginUrl(this.details.getLoginUrl());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException(
                    this.details.getClass().getName() + " gives an invalid login URL: " + ex.getMessage(), ex);
        }
    }

}
