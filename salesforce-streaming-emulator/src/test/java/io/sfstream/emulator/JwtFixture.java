package io.sfstream.emulator;

import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * An RSA key pair and self-signed certificate made with the JDK's keytool, and JWT
 * signing.
 */
final class JwtFixture {

    final PrivateKey privateKey;

    final X509Certificate certificate;

    private JwtFixture(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    static JwtFixture create(Path dir, String alias) throws Exception {
        Path keystore = dir.resolve(alias + ".p12");
        char[] password = "changeit".toCharArray();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", alias, "-dname", "CN=" + alias,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-keypass", "changeit")
            .redirectErrorStream(true)
            .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keytool.waitFor() != 0 || !Files.exists(keystore)) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, password);
        }
        return new JwtFixture((PrivateKey) store.getKey(alias, password),
                (X509Certificate) store.getCertificate(alias));
    }

    String sign(String claimsJson) throws Exception {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String signed = encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(this.privateKey);
        signer.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + encoder.encodeToString(signer.sign());
    }

}
