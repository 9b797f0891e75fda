package io.sfstream.core.auth;

import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * Loads the RSA private key for {@link JwtBearerAuthenticator}: PEM text (PKCS#8 {@code BEGIN PRIVATE KEY} or PKCS#1
 * {@code BEGIN RSA PRIVATE KEY}), a PEM file, or a PKCS#12 / JKS keystore. Errors say what is wrong with the key
 * material without ever including it.
 */
public final class PrivateKeys {

    private PrivateKeys() {
    }

    /**
     * Parses an RSA private key from PEM text.
     *
     * @param pem the PEM text
     * @return the key
     * @throws IllegalArgumentException if the text holds no RSA private key
     */
    public static PrivateKey fromPem(String pem) {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Reads an RSA private key from a PEM file.
     *
     * @param file the PEM file
     * @return the key
     * @throws IllegalArgumentException if the file cannot be read or holds no RSA private key
     */
    public static PrivateKey fromPemFile(Path file) {
        throw new UnsupportedOperationException("to be implemented");
    }

    /**
     * Reads a private key from a PKCS#12 or JKS keystore.
     *
     * @param keyStore the keystore file
     * @param storePassword the keystore password
     * @param alias the key's alias
     * @param keyPassword the key's password (often the same as the store's)
     * @return the key
     * @throws IllegalArgumentException if the keystore cannot be read or holds no private key under that alias
     */
    public static PrivateKey fromKeyStore(Path keyStore, char[] storePassword, String alias, char[] keyPassword) {
        throw new UnsupportedOperationException("to be implemented");
    }
}
