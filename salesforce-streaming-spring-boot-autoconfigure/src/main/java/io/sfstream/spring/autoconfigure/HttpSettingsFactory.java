package io.sfstream.spring.autoconfigure;

import javax.net.ssl.SSLContext;

import io.sfstream.core.http.HttpProxy;
import io.sfstream.core.http.HttpSettings;
import io.sfstream.spring.autoconfigure.SalesforceStreamingProperties.Proxy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;

/**
 * Builds the {@link HttpSettings} that token requests and Bayeux requests share from
 * {@code salesforce.streaming.proxy.*} (else the JVM's proxy system properties) and the
 * SSL bundle named by {@code salesforce.streaming.ssl.bundle} (else the JVM's default
 * trust store). Every problem names the property at fault, never the proxy password.
 */
final class HttpSettingsFactory {

    private static final String PROXY = "salesforce.streaming.proxy.";

    private static final String SSL_BUNDLE = "salesforce.streaming.ssl.bundle";

    private final SalesforceStreamingProperties properties;

    private final @Nullable SslBundles sslBundles;

    HttpSettingsFactory(SalesforceStreamingProperties properties, @Nullable SslBundles sslBundles) {
        this.properties = properties;
        this.sslBundles = sslBundles;
    }

    HttpSettings create() {
        HttpSettings settings = HttpSettings.systemDefault();
        HttpProxy proxy = proxy();
        if (proxy != null) {
            settings = settings.withProxy(proxy);
        }
        String bundle = this.properties.getSsl().getBundle();
        return StringUtils.hasText(bundle) ? settings.withSslContext(sslContext(bundle)) : settings;
    }

    private @Nullable HttpProxy proxy() {
        Proxy proxy = this.properties.getProxy();
        if (!StringUtils.hasText(proxy.getHost())) {
            if (StringUtils.hasText(proxy.getUsername()) || proxy.getPort() != null) {
                throw new InvalidSalesforceStreamingPropertyException(PROXY + "host",
                        "proxy settings are given but not the proxy's host",
                        "Set " + PROXY + "host (and " + PROXY + "port), or remove the other " + PROXY + "* properties "
                                + "to use the JVM's proxy system properties.");
            }
            return null;
        }
        if (proxy.getPort() == null) {
            throw new InvalidSalesforceStreamingPropertyException(PROXY + "port", "is not set",
                    "Set " + PROXY + "port to the port of " + proxy.getHost() + ", such as 3128 or 8080.");
        }
        if (!StringUtils.hasText(proxy.getUsername()) && StringUtils.hasText(proxy.getPassword())) {
            throw new InvalidSalesforceStreamingPropertyException(PROXY + "username",
                    PROXY + "password is set but not " + PROXY + "username",
                    "Set " + PROXY + "username, or remove " + PROXY + "password.");
        }
        try {
            return new HttpProxy(proxy.getHost(), proxy.getPort(), proxy.getUsername(), proxy.getPassword(),
                    proxy.getNonProxyHosts());
        }
        catch (IllegalArgumentException ex) {
            String property = ex.getMessage().contains("port") ? PROXY + "port" : PROXY + "host";
            throw new InvalidSalesforceStreamingPropertyException(property, ex.getMessage(),
                    "Set " + PROXY + "host to the proxy's host name or address and " + PROXY
                            + "port to its port (credentials go in " + PROXY + "username and " + PROXY + "password).",
                    ex);
        }
    }

    private SSLContext sslContext(String name) {
        if (this.sslBundles == null) {
            throw new InvalidSalesforceStreamingPropertyException(SSL_BUNDLE,
                    "names the SSL bundle '" + name + "', but the application has no SSL bundles",
                    "Define the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
                            + " (its truststore holding the certificate authority to trust), or remove " + SSL_BUNDLE
                            + ".");
        }
        try {
            return this.sslBundles.getBundle(name).createSslContext();
        }
        catch (NoSuchSslBundleException ex) {
            throw new InvalidSalesforceStreamingPropertyException(SSL_BUNDLE,
                    "there is no SSL bundle named '" + name + "'",
                    "Define it under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
                            + " (its truststore holding the certificate authority to trust, its keystore the client "
                            + "certificate for mutual TLS), or correct " + SSL_BUNDLE + ".",
                    ex);
        }
        catch (RuntimeException ex) {
            throw new InvalidSalesforceStreamingPropertyException(SSL_BUNDLE,
                    "the SSL bundle '" + name + "' cannot be loaded (" + ex.getMessage() + ")",
                    "Check the files and passwords of spring.ssl.bundle.*." + name + ".", ex);
        }
    }

}
