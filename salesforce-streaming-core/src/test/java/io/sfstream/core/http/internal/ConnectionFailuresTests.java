package io.sfstream.core.http.internal;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;

import io.sfstream.core.http.HttpProxy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionFailuresTests {

    private static final HttpProxy PROXY = HttpProxy.of("proxy.corp", 3128).withCredentials("svc", "pr0xy-S3cret");

    @Test
    void anUntrustedCertificateNamesTheSslBundleProperty() {
        SSLHandshakeException failure = new SSLHandshakeException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification "
                + "path to requested target");
        failure.initCause(new CertPathBuilderException("unable to find valid certification path"));
        assertThat(ConnectionFailures.advice(failure, null)).isEqualTo(ConnectionFailures.UNTRUSTED_CERTIFICATE)
            .contains("salesforce.streaming.ssl.bundle", "HttpSettings.withSslContext");
        assertThat(ConnectionFailures.describe(failure)).startsWith("SSLHandshakeException: PKIX path building failed");
    }

    @Test
    void aCertificateForAnotherHostIsAHostNameMismatch() {
        SSLHandshakeException failure = new SSLHandshakeException("No subject alternative DNS name matching localhost");
        failure.initCause(new CertificateException("No subject alternative DNS name matching localhost found."));
        assertThat(ConnectionFailures.advice(failure, null)).isEqualTo(ConnectionFailures.HOST_NAME_MISMATCH);
    }

    @Test
    void aRefusedOrMissingClientCertificateNamesTheKeyMaterial() {
        assertThat(ConnectionFailures.advice(new SSLHandshakeException("Received fatal alert: certificate_required"),
                null))
            .isEqualTo(ConnectionFailures.CLIENT_CERTIFICATE_REQUIRED);
    }

    @Test
    void anUnknownOrUnreachableProxyNamesTheProxyProperties() {
        assertThat(ConnectionFailures.advice(new UnknownHostException("proxy.corp"), PROXY))
            .contains("proxy.corp", "salesforce.streaming.proxy.host")
            .doesNotContain("pr0xy-S3cret");
        assertThat(ConnectionFailures.advice(new ConnectException("Connection refused"), PROXY))
            .contains("proxy.corp:3128", "salesforce.streaming.proxy.port");
        assertThat(ConnectionFailures.advice(new ConnectException("Connection refused"), null)).isNull();
    }

    @Test
    void aProxyAnswering407NamesTheCredentialProperties() {
        assertThat(ConnectionFailures.adviceForStatus(407)).isEqualTo(ConnectionFailures.PROXY_AUTHENTICATION)
            .contains("salesforce.streaming.proxy.username", "salesforce.streaming.proxy.password");
        assertThat(ConnectionFailures.adviceForStatus(502)).isNull();
    }

}
