package io.sfstream.spring.security;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private certificate authority made at test time, as a company's own or a
 * TLS-inspecting proxy's: it issues server certificates (for {@code localhost} and
 * {@code 127.0.0.1}, the emulator's two hosts) and client certificates, and writes them
 * as PEM files for Spring Boot's SSL bundles. EC P-256 keys, valid for a day.
 */
final class TestCertificateAuthority {

    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

    private final KeyPair keys;

    private final X509Certificate certificate;

    private TestCertificateAuthority(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    static TestCertificateAuthority create(String name) {
        KeyPair keys = newKeys();
        X500Name subject = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder builder = builder(subject, subject, keys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return new TestCertificateAuthority(keys, sign(builder, keys.getPrivate()));
    }

    X509Certificate certificate() {
        return this.certificate;
    }

    /** A server certificate for the emulator's hosts, localhost and 127.0.0.1. */
    Issued issueServerCertificate() {
        return issue("localhost", KeyPurposeId.id_kp_serverAuth,
                List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    }

    /** A server certificate that names another host only. */
    Issued issueServerCertificateFor(String host) {
        return issue(host, KeyPurposeId.id_kp_serverAuth, List.of(new GeneralName(GeneralName.dNSName, host)));
    }

    Issued issueClientCertificate(String name) {
        return issue(name, KeyPurposeId.id_kp_clientAuth, List.of());
    }

    private Issued issue(String commonName, KeyPurposeId purpose, List<GeneralName> names) {
        KeyPair subjectKeys = newKeys();
        JcaX509v3CertificateBuilder builder = builder(
                X500Name.getInstance(this.certificate.getSubjectX500Principal().getEncoded()),
                new X500Name("CN=" + commonName), subjectKeys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return new Issued(subjectKeys, sign(builder, this.keys.getPrivate()), this.certificate);
    }

    /**
     * A server TLS context: the issued certificate and its key, and this authority as the
     * only trusted issuer of client certificates.
     */
    SSLContext serverContext(Issued server) {
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(server.keyStore(), STORE_PASSWORD);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", this.certificate);
            TrustManagerFactory trustManagers = TrustManagerFactory
                .getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
            return context;
        }
        catch (GeneralSecurityException | IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Writes this authority's certificate as PEM, for a bundle's truststore. */
    Path writeCertificate(Path file) throws IOException {
        return writePem(file, "CERTIFICATE", encoded(this.certificate));
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
        try {
            return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        }
        catch (GeneralSecurityException | OperatorCreationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] encoded(Certificate certificate) {
        try {
            return certificate.getEncoded();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Path writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
                StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * A certificate this authority issued, with its key.
     *
     * @param keys the subject's key pair
     * @param certificate the certificate
     * @param issuer the authority's certificate
     */
    record Issued(KeyPair keys, X509Certificate certificate, X509Certificate issuer) {

        KeyStore keyStore() throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", this.keys.getPrivate(), STORE_PASSWORD,
                    new Certificate[] { this.certificate, this.issuer });
            return store;
        }

        /** Writes the certificate chain and the PKCS#8 private key as PEM files. */
        void write(Path certificateFile, Path keyFile) throws IOException {
            byte[] chain = (pem("CERTIFICATE", encoded(this.certificate)) + pem("CERTIFICATE", encoded(this.issuer)))
                .getBytes(StandardCharsets.US_ASCII);
            Files.write(certificateFile, chain);
            writePem(keyFile, "PRIVATE KEY", this.keys.getPrivate().getEncoded());
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }

    }

}
