package io.sfstream.core.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Collections;

/**
 * Loads the RSA private key for {@link JwtBearerAuthenticator}: PEM text (PKCS#8
 * {@code BEGIN PRIVATE KEY} or PKCS#1 {@code BEGIN RSA PRIVATE KEY}), a PEM file, or a
 * PKCS#12 / JKS keystore. Errors say what is wrong with the key material without ever
 * including it. Thread-safe (stateless).
 */
public final class PrivateKeys {

    private PrivateKeys() {
    }

    /**
     * Parses an RSA private key from PEM text.
     * @param pem the PEM text
     * @return the key
     * @throws IllegalArgumentException if the text holds no RSA private key, or only an
     * encrypted one
     */
    public static PrivateKey fromPem(String pem) {
        byte[] pkcs8 = PemPrivateKey.pkcs8(pem);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException(
                    "the PEM private key block is not a valid RSA private key (" + ex.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Reads an RSA private key from a PEM file.
     * @param file the PEM file
     * @return the key
     * @throws IllegalArgumentException if the file cannot be read or holds no RSA private
     * key
     */
    public static PrivateKey fromPemFile(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.ISO_8859_1);
        }
        catch (NoSuchFileException ex) {
            throw new IllegalArgumentException("PEM key file " + file + " does not exist");
        }
        catch (AccessDeniedException ex) {
            throw new IllegalArgumentException("PEM key file " + file + " is not readable: check its permissions");
        }
        catch (IOException ex) {
            throw new IllegalArgumentException(
                    "cannot read PEM key file " + file + " (" + ex.getClass().getSimpleName() + ")", ex);
        }
        try {
            return fromPem(pem);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("PEM key file " + file + ": " + ex.getMessage());
        }
    }

    /**
     * Reads a private key from a PKCS#12 or JKS keystore.
     * @param keyStore the keystore file
     * @param storePassword the keystore password
     * @param alias the key's alias
     * @param keyPassword the key's password (often the same as the store's)
     * @return the key
     * @throws IllegalArgumentException if the keystore cannot be read, a password is
     * incorrect, or it holds no private key under that alias
     */
    public static PrivateKey fromKeyStore(Path keyStore, char[] storePassword, String alias, char[] keyPassword) {
        KeyStore store = loadKeyStore(keyStore, storePassword);
        Key key;
        try {
            if (!store.isKeyEntry(alias)) {
                throw new IllegalArgumentException("no private key under alias '" + alias + "' in keystore " + keyStore
                        + " (aliases: " + Collections.list(store.aliases()) + ")");
            }
            key = store.getKey(alias, keyPassword);
        }
        catch (UnrecoverableKeyException ex) {
            throw new IllegalArgumentException(
                    "key password incorrect for alias '" + alias + "' in keystore " + keyStore);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("cannot read alias '" + alias + "' of keystore " + keyStore + " ("
                    + ex.getClass().getSimpleName() + ")", ex);
        }
        if (!(key instanceof PrivateKey privateKey)) {
            throw new IllegalArgumentException("no private key under alias '" + alias + "' in keystore " + keyStore
                    + ": the entry is a secret key");
        }
        return privateKey;
    }

    private static KeyStore loadKeyStore(Path keyStore, char[] storePassword) {
        if (!Files.isRegularFile(keyStore)) {
            throw new IllegalArgumentException("keystore file " + keyStore + " does not exist");
        }
        try {
            return KeyStore.getInstance(keyStore.toFile(), storePassword);
        }
        catch (IOException ex) {
            if (ex.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("keystore password incorrect for " + keyStore);
            }
            throw new IllegalArgumentException("cannot read keystore " + keyStore + " (" + ex.getClass().getSimpleName()
                    + "): is it a PKCS#12 or JKS keystore?", ex);
        }
        catch (KeyStoreException ex) {
            throw new IllegalArgumentException("keystore " + keyStore + " is neither a PKCS#12 nor a JKS keystore");
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException(
                    "cannot read keystore " + keyStore + " (" + ex.getClass().getSimpleName() + ")", ex);
        }
    }

}
