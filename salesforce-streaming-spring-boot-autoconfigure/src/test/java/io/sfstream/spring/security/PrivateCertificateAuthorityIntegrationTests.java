package io.sfstream.spring.security;

import java.nio.file.Path;
import java.util.Objects;

import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.spring.autoconfigure.SalesforceStreamingAutoConfiguration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Salesforce reached through TLS whose certificate a private certificate authority issued
 * (a company's own, or a proxy's that inspects TLS): the emulator serves HTTPS with a
 * certificate of a CA made at test time, and the application trusts it through the SSL
 * bundle that {@code salesforce.streaming.ssl.bundle} names, or reports, naming that
 * property, why it cannot.
 */
class PrivateCertificateAuthorityIntegrationTests {

    private final TestCertificateAuthority ca = TestCertificateAuthority.create("Private Test CA");

    @TempDir
    Path directory;

    @Test
    void aBundleTrustingTheCertificateAuthorityConnects() throws Exception {
        try (SalesforceEmulator emulator = NetworkApplication.emulator()
            .https(this.ca.serverContext(this.ca.issueServerCertificate()))
            .start();
                ConfigurableApplicationContext context = NetworkApplication.run(emulator, trusting("private"),
                        "salesforce.streaming.ssl.bundle=private")) {
            assertThat(emulator.loginUrl().getScheme()).isEqualTo("https");
            NetworkApplication.receiveOne(emulator, context);
            assertThat(NetworkApplication.httpSettings(context).sslContext()).isNotNull();
        }
    }

    @Test
    void withoutTheBundleTheCertificateIsRefusedNamingTheProperty() throws Exception {
        try (SalesforceEmulator emulator = NetworkApplication.emulator()
            .https(this.ca.serverContext(this.ca.issueServerCertificate()))
            .start(); ConfigurableApplicationContext context = NetworkApplication.run(emulator)) {
            String failure = NetworkApplication.awaitFailure(context);
            assertThat(failure).contains("PKIX path building failed", "salesforce.streaming.ssl.bundle");
            assertThat(NetworkApplication.health(context)).contains("DOWN", "PKIX path building failed",
                    "salesforce.streaming.ssl.bundle");
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefusedAsAHostNameMismatch() throws Exception {
        try (SalesforceEmulator emulator = NetworkApplication.emulator()
            .https(this.ca.serverContext(this.ca.issueServerCertificateFor("intranet.example.com")))
            .start();
                ConfigurableApplicationContext context = NetworkApplication.run(emulator, trusting("private"),
                        "salesforce.streaming.ssl.bundle=private")) {
            assertThat(NetworkApplication.awaitFailure(context)).contains("No subject alternative",
                    "does not name the host");
        }
    }

    @Test
    void theBundlesKeyMaterialIsTheClientCertificateOfMutualTls() throws Exception {
        Path certificate = this.directory.resolve("client.pem");
        Path key = this.directory.resolve("client-key.pem");
        this.ca.issueClientCertificate("sfstream-client").write(certificate, key);
        try (SalesforceEmulator emulator = NetworkApplication.emulator()
            .https(this.ca.serverContext(this.ca.issueServerCertificate()))
            .requireClientCertificate()
            .start()) {
            try (ConfigurableApplicationContext context = NetworkApplication.run(emulator, trusting("mutual"),
                    "spring.ssl.bundle.pem.mutual.keystore.certificate=file:" + certificate,
                    "spring.ssl.bundle.pem.mutual.keystore.private-key=file:" + key,
                    "salesforce.streaming.ssl.bundle=mutual")) {
                NetworkApplication.receiveOne(emulator, context);
            }
            try (ConfigurableApplicationContext context = NetworkApplication.run(emulator, trusting("trust-only"),
                    "salesforce.streaming.ssl.bundle=trust-only")) {
                assertThat(NetworkApplication.awaitFailure(context)).contains("salesforce.streaming.ssl.bundle");
            }
        }
    }

    @Test
    void anUnknownBundleFailsStartupNamingTheProperty() {
        new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(SslAutoConfiguration.class, SalesforceStreamingAutoConfiguration.class))
            .withPropertyValues("salesforce.streaming.consumer-key=key", "salesforce.streaming.consumer-secret=secret",
                    "salesforce.streaming.username=user@example.com", "salesforce.streaming.password=password",
                    "salesforce.streaming.replay.store=memory", "salesforce.streaming.ssl.bundle=corporate")
            .run((context) -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = analyze(context.getStartupFailure());
                assertThat(analysis).as("the failure analysis").isNotNull();
                assertThat(analysis.getDescription())
                    .contains("salesforce.streaming.ssl.bundle: there is no SSL bundle named 'corporate'");
                assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.corporate");
            });
    }

    private static @Nullable FailureAnalysis analyze(Throwable failure) {
        return SpringFactoriesLoader.forDefaultResourceLocation()
            .load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.none(),
                    (factoryType, implementationName, notInstantiable) -> {
                        // Boot's own analyzers need a bean factory; only this project's
                        // are wanted here.
                    })
            .stream()
            .filter((analyzer) -> analyzer.getClass().getName().startsWith("io.sfstream"))
            .map((analyzer) -> analyzer.analyze(failure))
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
    }

    private String trusting(String bundle) throws Exception {
        Path file = this.ca.writeCertificate(this.directory.resolve(bundle + "-ca.pem"));
        return "spring.ssl.bundle.pem." + bundle + ".truststore.certificate=file:" + file;
    }

}
