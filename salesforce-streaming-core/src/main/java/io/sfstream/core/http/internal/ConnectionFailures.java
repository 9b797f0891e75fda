package io.sfstream.core.http.internal;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;

import io.sfstream.core.http.HttpProxy;
import org.eclipse.jetty.client.HttpResponseException;
import org.jspecify.annotations.Nullable;

/**
 * Says what a failure to reach Salesforce means when the network between them is the
 * cause: a certificate that is not trusted or does not name the host, a server that wants
 * a client certificate, a proxy that refuses the credentials or cannot be reached. Each
 * piece of advice names the setting that fixes it, as a Spring Boot property and as the
 * core's API. Messages never hold a credential. Stateless.
 */
public final class ConnectionFailures {

    /** Advice when the server's certificate chain is not trusted. */
    public static final String UNTRUSTED_CERTIFICATE = "the server's certificate is not signed by a certificate "
            + "authority this client trusts (a private certificate authority, or a proxy that inspects TLS): trust "
            + "that certificate authority with salesforce.streaming.ssl.bundle (Spring Boot) or "
            + "HttpSettings.withSslContext";

    /** Advice when the certificate does not name the host. */
    public static final String HOST_NAME_MISMATCH = "the server's certificate does not name the host the client "
            + "connected to: use the host name the certificate was issued for (login-url), or have the proxy that "
            + "inspects TLS issue certificates for the hosts it intercepts";

    /** Advice when the server wants a client certificate. */
    public static final String CLIENT_CERTIFICATE_REQUIRED = "the server requires a client certificate (mutual TLS) "
            + "and got none it accepts: put the key material in the SSL bundle named by salesforce.streaming.ssl.bundle "
            + "(Spring Boot) or in the SSLContext of HttpSettings";

    /** Advice when the proxy refused the credentials. */
    public static final String PROXY_AUTHENTICATION = "the proxy asks for credentials or refused them (HTTP 407 "
            + "Proxy Authentication Required): set salesforce.streaming.proxy.username and "
            + "salesforce.streaming.proxy.password (Spring Boot) or HttpProxy.withCredentials, and check them";

    private ConnectionFailures() {
    }

    /**
     * Names a failure: its type and message, or the HTTP status a proxy answered.
     * @param failure the failure
     * @return a short description, such as {@code SSLHandshakeException: PKIX path
     * building failed: ...}
     */
    public static String describe(Throwable failure) {
        if (failure instanceof HttpResponseException response && response.getResponse() != null) {
            return "HTTP " + response.getResponse().getStatus() + " " + reason(response)
                    + " from the proxy for the tunnel (CONNECT)";
        }
        String message = failure.getMessage();
        if ((message == null || message.isBlank()) && failure.getCause() != null) {
            message = failure.getCause().getMessage();
        }
        return (message == null || message.isBlank()) ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + message;
    }

    /**
     * Says what to do about a failure, when the network explains it.
     * @param failure the failure, with its causes
     * @param proxy the proxy the request was to cross, or {@code null}
     * @return the advice, or {@code null} when the failure is not one of those known
     */
    public static @Nullable String advice(Throwable failure, @Nullable HttpProxy proxy) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 16; cause = cause.getCause(), depth++) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException
                    || message.contains("pkix path") || message.contains("unable to find valid certification path")) {
                return UNTRUSTED_CERTIFICATE;
            }
            if (cause instanceof CertificateException
                    && (message.contains("no subject alternative") || message.contains("no name matching"))) {
                return HOST_NAME_MISMATCH;
            }
            if (message.contains("certificate_required") || message.contains("bad_certificate")) {
                return CLIENT_CERTIFICATE_REQUIRED;
            }
            if (cause instanceof HttpResponseException response && response.getResponse() != null
                    && response.getResponse().getStatus() == 407) {
                return PROXY_AUTHENTICATION;
            }
            if (proxy != null
                    && (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException)) {
                return "the proxy host " + proxy.host() + " cannot be resolved: check salesforce.streaming.proxy.host "
                        + "(Spring Boot) or the HttpProxy of HttpSettings";
            }
            if (proxy != null && cause instanceof ConnectException) {
                return "the proxy at " + proxy.host() + ":" + proxy.port() + " could not be reached: check "
                        + "salesforce.streaming.proxy.host and salesforce.streaming.proxy.port (Spring Boot) or the "
                        + "HttpProxy of HttpSettings";
            }
        }
        return null;
    }

    /**
     * Advice for an HTTP status a proxy answered in place of the server.
     * @param status the status
     * @return the advice, or {@code null}
     */
    public static @Nullable String adviceForStatus(int status) {
        return (status == 407) ? PROXY_AUTHENTICATION : null;
    }

    private static String reason(HttpResponseException response) {
        String reason = response.getResponse().getReason();
        return (reason != null) ? reason : "";
    }

}
