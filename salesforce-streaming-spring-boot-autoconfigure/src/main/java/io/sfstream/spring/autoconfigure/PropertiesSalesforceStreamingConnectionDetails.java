package io.sfstream.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;

import io.sfstream.core.auth.LoginUrl;
import io.sfstream.core.auth.PrivateKeys;
import io.sfstream.spring.autoconfigure.SalesforceStreamingProperties.AuthFlow;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;

/**
 * The connection details {@code salesforce.streaming.*} properties describe: the login
 * URL ({@code login-url}, else production or {@code sandbox}) and the credentials of the
 * OAuth flow ({@code auth-flow}, else inferred from the credentials given). Every problem
 * names the property at fault.
 */
final class PropertiesSalesforceStreamingConnectionDetails implements SalesforceStreamingConnectionDetails {

    private static final String PREFIX = "salesforce.streaming.";

    private final SalesforceStreamingProperties properties;

    PropertiesSalesforceStreamingConnectionDetails(SalesforceStreamingProperties properties) {
        this.properties = properties;
    }

    @Override
    public URI getLoginUrl() {
        return loginUrl().uri();
    }

    @Override
    public SalesforceCredentials getCredentials() {
        AuthFlow flow = flow();
        SalesforceStreamingProperties p = this.properties;
        return switch (flow) {
            case PASSWORD -> new SalesforceCredentials.Password(require("consumer-key", p.getConsumerKey(), flow),
                    require("consumer-secret", p.getConsumerSecret(), flow), require("username", p.getUsername(), flow),
                    require("password", p.getPassword(), flow), blankToNull(p.getSecurityToken()));
            case REFRESH_TOKEN ->
                new SalesforceCredentials.RefreshToken(require("consumer-key", p.getConsumerKey(), flow),
                        blankToNull(p.getConsumerSecret()), require("refresh-token", p.getRefreshToken(), flow));
            case JWT_BEARER -> new SalesforceCredentials.JwtBearer(require("consumer-key", p.getConsumerKey(), flow),
                    require("username", p.getUsername(), flow), privateKey(), blankToNull(p.getJwt().getAudience()));
            case CLIENT_CREDENTIALS -> clientCredentials();
        };
    }

    private LoginUrl loginUrl() {
        if (this.properties.getLoginUrl() == null) {
            return this.properties.isSandbox() ? LoginUrl.SANDBOX : LoginUrl.PRODUCTION;
        }
        try {
            return new LoginUrl(this.properties.getLoginUrl());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "login-url", ex.getMessage(),
                    "Set salesforce.streaming.login-url to an https URL such as https://login.salesforce.com, "
                            + "https://test.salesforce.com or your My Domain URL https://<MyDomain>.my.salesforce.com "
                            + "(plain http is accepted only for loopback hosts such as the emulator).",
                    ex);
        }
    }

    AuthFlow flow() {
        SalesforceStreamingProperties p = this.properties;
        if (p.getAuthFlow() != null) {
            return p.getAuthFlow();
        }
        List<AuthFlow> candidates = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        if (StringUtils.hasText(p.getRefreshToken())) {
            candidates.add(AuthFlow.REFRESH_TOKEN);
            evidence.add("refresh-token");
        }
        if (p.getJwt().getPrivateKey() != null) {
            candidates.add(AuthFlow.JWT_BEARER);
            evidence.add("jwt.private-key");
        }
        if (StringUtils.hasText(p.getPassword())) {
            candidates.add(AuthFlow.PASSWORD);
            evidence.add("password");
        }
        if (candidates.isEmpty() && StringUtils.hasText(p.getConsumerKey())
                && StringUtils.hasText(p.getConsumerSecret()) && !StringUtils.hasText(p.getUsername())) {
            return AuthFlow.CLIENT_CREDENTIALS;
        }
        if (candidates.size() > 1) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "auth-flow",
                    "the OAuth flow is ambiguous: credentials for several flows are set (" + String.join(", ", evidence)
                            + ")",
                    "Set salesforce.streaming.auth-flow to password, refresh-token, jwt-bearer or client-credentials, "
                            + "or remove the credentials of the flows you do not use.");
        }
        if (candidates.isEmpty()) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "consumer-key",
                    "no Salesforce credentials are configured",
                    "Configure one OAuth flow under salesforce.streaming: consumer-key, consumer-secret, username, "
                            + "password (and security-token) for the password flow; consumer-key and refresh-token for "
                            + "the refresh-token flow; consumer-key, username and jwt.private-key for the JWT bearer "
                            + "flow; consumer-key, consumer-secret and a My Domain login-url for client credentials. "
                            + "Or set salesforce.streaming.enabled=false.");
        }
        return candidates.get(0);
    }

    private SalesforceCredentials clientCredentials() {
        LoginUrl loginUrl = loginUrl();
        if (loginUrl.equals(LoginUrl.PRODUCTION) || loginUrl.equals(LoginUrl.SANDBOX)) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "login-url",
                    "the client-credentials flow needs a My Domain URL, not " + loginUrl.uri(),
                    "Set salesforce.streaming.login-url to https://<MyDomain>.my.salesforce.com (Setup > My Domain).");
        }
        SalesforceStreamingProperties p = this.properties;
        return new SalesforceCredentials.ClientCredentials(
                require("consumer-key", p.getConsumerKey(), AuthFlow.CLIENT_CREDENTIALS),
                require("consumer-secret", p.getConsumerSecret(), AuthFlow.CLIENT_CREDENTIALS));
    }

    private PrivateKey privateKey() {
        Resource resource = this.properties.getJwt().getPrivateKey();
        String property = PREFIX + "jwt.private-key";
        if (resource == null) {
            throw new InvalidSalesforceStreamingPropertyException(property,
                    "the JWT bearer flow needs the private key of the connected app's certificate",
                    "Set salesforce.streaming.jwt.private-key to a PEM file, such as file:/etc/secrets/salesforce.key "
                            + "or classpath:salesforce.key.");
        }
        String pem;
        try (InputStream in = resource.getInputStream()) {
            pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        catch (IOException ex) {
            throw new InvalidSalesforceStreamingPropertyException(property,
                    "cannot read " + resource.getDescription() + " (" + ex.getClass().getSimpleName() + ")",
                    "Check that the file exists and is readable by the application.", ex);
        }
        try {
            return PrivateKeys.fromPem(pem);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidSalesforceStreamingPropertyException(property,
                    resource.getDescription() + " does not hold a usable RSA private key: " + ex.getMessage(),
                    "Point salesforce.streaming.jwt.private-key at the PEM private key (BEGIN PRIVATE KEY or BEGIN "
                            + "RSA PRIVATE KEY) whose certificate is uploaded to the connected app.",
                    ex);
        }
    }

    private static String require(String property, @Nullable String value, AuthFlow flow) {
        if (!StringUtils.hasText(value)) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + property,
                    "the " + flowName(flow) + " flow needs " + PREFIX + property + ", which is not set",
                    "Set " + PREFIX + property + " (for example from an environment variable), or choose another "
                            + "flow with salesforce.streaming.auth-flow.");
        }
        return value;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return StringUtils.hasText(value) ? value : null;
    }

    private static String flowName(AuthFlow flow) {
        return flow.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

}
