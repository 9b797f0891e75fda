package io.sfstream.core.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PrivateKeysIntegrationTests {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private static final java.util.Map<String, Path> keytoolStores = new java.util.concurrent.ConcurrentHashMap<>();

    @TempDir
    static Path keytoolDirectory;

    @TempDir
    Path directory;

    @Test
    void readsAPkcs8PemExportedFromAGeneratedKey() {
        PrivateKey key = PrivateKeys.fromPem(pem("PRIVATE KEY", TestKeys.RSA.getPrivate().getEncoded()));
        assertThat(key.getEncoded()).isEqualTo(TestKeys.RSA.getPrivate().getEncoded());
    }

    @Test
    void readsAPkcs1PemByWrappingItIntoPkcs8() throws Exception {
        PrivateKey pkcs8 = PrivateKeys.fromPemFile(resource("key.pem"));
        PrivateKey pkcs1 = PrivateKeys.fromPemFile(resource("key-pkcs1.pem"));
        assertThat(pkcs1.getEncoded()).isEqualTo(pkcs8.getEncoded());
        assertSignsForCertificate(pkcs1, certificate());
    }

    @Test
    void readsAPkcs1PemBuiltFromAGeneratedKey() {
        byte[] pkcs8 = TestKeys.RSA.getPrivate().getEncoded();
        PrivateKey key = PrivateKeys.fromPem(pem("RSA PRIVATE KEY", pkcs1Of(pkcs8)));
        assertThat(key.getEncoded()).isEqualTo(pkcs8);
    }

    @Test
    void findsTheKeyAfterOtherBlocksAndText() throws IOException {
        String pem = "Bag Attributes\n" + Files.readString(resource("cert.pem"))
                + Files.readString(resource("key.pem"));
        assertThat(PrivateKeys.fromPem(pem).getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void garbageTextHasNoPemBlock() {
        assertThatIllegalArgumentException().isThrownBy(() -> PrivateKeys.fromPem("not a key at all"))
            .withMessageStartingWith("no PEM private key block found");
    }

    @Test
    void aCertificateAloneHasNoPrivateKeyBlock() throws IOException {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> PrivateKeys.fromPem(Files.readString(resource("cert.pem"))))
            .withMessageContaining("no PEM private key block found")
            .withMessageContaining("found only [CERTIFICATE]");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG\n"
                    + "-----END ENCRYPTED PRIVATE KEY-----\n",
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,0123456789ABCDEF\n\n"
                    + "MIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n" })
    void anEncryptedPemIsRefusedWithTheCommandToConvertIt(String pem) {
        assertThatIllegalArgumentException().isThrownBy(() -> PrivateKeys.fromPem(pem))
            .withMessageStartingWith("encrypted PEM keys are not supported")
            .withMessageContaining("openssl pkcs8")
            .withMessageContaining("-nocrypt");
    }

    @Test
    void aDamagedKeyIsRefusedWithoutShowingIt() {
        String body = "MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA";
        assertThatIllegalArgumentException()
            .isThrownBy(
                    () -> PrivateKeys.fromPem("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----"))
            .withMessageContaining("not a valid RSA private key")
            .withMessageNotContaining(body);
    }

    @Test
    void aMissingPemFileIsNamed() {
        Path missing = this.directory.resolve("missing.pem");
        assertThatIllegalArgumentException().isThrownBy(() -> PrivateKeys.fromPemFile(missing))
            .withMessageContaining(missing.toString())
            .withMessageContaining("does not exist");
    }

    @Test
    void aPemFileErrorNamesTheFile() throws IOException {
        Path file = Files.writeString(this.directory.resolve("key.pem"), "garbage");
        assertThatIllegalArgumentException().isThrownBy(() -> PrivateKeys.fromPemFile(file))
            .withMessageContaining(file.toString())
            .withMessageContaining("no PEM private key block found");
    }

    @ParameterizedTest
    @ValueSource(strings = { "PKCS12", "JKS" })
    void readsTheKeyOfAKeystoreMadeByKeytool(String type) throws Exception {
        Path store = keytoolKeyStore(type);
        PrivateKey key = PrivateKeys.fromKeyStore(store, PASSWORD, "jwt", PASSWORD);
        assertThat(key.getAlgorithm()).isEqualTo("RSA");
        KeyStore loaded = KeyStore.getInstance(store.toFile(), PASSWORD);
        assertSignsForCertificate(key, loaded.getCertificate("jwt"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "PKCS12", "JKS" })
    void readsAKeyStoredWithSetKeyEntry(String type) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        PrivateKey pemKey = PrivateKeys.fromPemFile(resource("key.pem"));
        store.setKeyEntry("connected-app", pemKey, PASSWORD, new Certificate[] { certificate() });
        Path file = this.directory.resolve("store." + type.toLowerCase());
        try (var out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        assertThat(PrivateKeys.fromKeyStore(file, PASSWORD, "connected-app", PASSWORD).getEncoded())
            .isEqualTo(pemKey.getEncoded());
    }

    @ParameterizedTest
    @ValueSource(strings = { "PKCS12", "JKS" })
    void aWrongKeystorePasswordIsReportedAsSuch(String type) throws Exception {
        Path store = keytoolKeyStore(type);
        assertThatIllegalArgumentException()
            .isThrownBy(() -> PrivateKeys.fromKeyStore(store, "wrong-pass".toCharArray(), "jwt", PASSWORD))
            .withMessageStartingWith("keystore password incorrect")
            .withMessageContaining(store.toString())
            .withMessageNotContaining("wrong-pass")
            .withMessageNotContaining("changeit");
    }

    @ParameterizedTest
    @ValueSource(strings = { "PKCS12", "JKS" })
    void anUnknownAliasIsReportedWithTheAliasesThatExist(String type) throws Exception {
        Path store = keytoolKeyStore(type);
        assertThatIllegalArgumentException()
            .isThrownBy(() -> PrivateKeys.fromKeyStore(store, PASSWORD, "other", PASSWORD))
            .withMessageStartingWith("no private key under alias 'other'")
            .withMessageContaining("[jwt]");
    }

    @Test
    void aFileThatIsNotAKeystoreIsReported() throws IOException {
        Path file = Files.writeString(this.directory.resolve("store.p12"), "not a keystore");
        assertThatIllegalArgumentException().isThrownBy(() -> PrivateKeys.fromKeyStore(file, PASSWORD, "jwt", PASSWORD))
            .withMessageContaining(file.toString())
            .withMessageContaining("PKCS#12");
    }

    @Test
    void aMissingKeystoreIsReported() {
        Path file = this.directory.resolve("missing.p12");
        assertThatIllegalArgumentException().isThrownBy(() -> PrivateKeys.fromKeyStore(file, PASSWORD, "jwt", PASSWORD))
            .withMessageContaining("does not exist");
    }

    /** Made once per type: keytool takes about a second. */
    private static Path keytoolKeyStore(String type) throws IOException, InterruptedException {
        Path cached = keytoolStores.get(type);
        if (cached != null) {
            return cached;
        }
        Path store = keytoolDirectory.resolve("keytool-" + type.toLowerCase() + ".ks");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "jwt", "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=sfstream-test", "-validity", "30", "-storetype", type, "-keystore",
                store.toString(), "-storepass", "changeit", "-keypass", "changeit"))
            .redirectErrorStream(true)
            .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        keytoolStores.put(type, store);
        return store;
    }

    private static void assertSignsForCertificate(PrivateKey key, Certificate certificate) throws Exception {
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(data);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signer.sign())).isTrue();
    }

    private static Certificate certificate() throws Exception {
        try (InputStream in = Files.newInputStream(resource("cert.pem"))) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(PrivateKeysIntegrationTests.class.getResource("/auth/" + name).toURI());
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /**
     * Takes the PKCS#1 RSAPrivateKey out of a PKCS#8 PrivateKeyInfo: the content of its
     * OCTET STRING.
     */
    private static byte[] pkcs1Of(byte[] pkcs8) {
        int offset = 0;
        offset += 1 + lengthOfLength(pkcs8, offset + 1); // outer SEQUENCE header
        offset += 3; // INTEGER 0
        offset += 2 + (pkcs8[offset + 1] & 0xff); // AlgorithmIdentifier SEQUENCE (short
                                                  // form)
        int contentStart = offset + 1 + lengthOfLength(pkcs8, offset + 1); // OCTET STRING
                                                                           // header
        return java.util.Arrays.copyOfRange(pkcs8, contentStart, pkcs8.length);
    }

    private static int lengthOfLength(byte[] der, int offset) {
        int first = der[offset] & 0xff;
        return (first < 0x80) ? 1 : 1 + (first & 0x7f);
    }

}
