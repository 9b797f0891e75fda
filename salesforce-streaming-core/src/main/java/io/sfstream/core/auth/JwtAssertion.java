package io.sfstream.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the RS256-signed JWT of the OAuth 2.0 JWT bearer flow (RFC 7523): header
 * {@code {"alg":"RS256"}}, claims {@code iss}, {@code sub}, {@code aud} and {@code exp}
 * (seconds since the epoch), each part base64url-encoded without padding. Thread-safe:
 * every call uses its own {@link Signature}.
 */
final class JwtAssertion {

    private static final String HEADER = "{\"alg\":\"RS256\"}";

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final Base64.Encoder base64Url = Base64.getUrlEncoder().withoutPadding();

    private JwtAssertion() {
    }

    /**
     * Creates a signed assertion.
     * @param issuer the consumer key
     * @param subject the username
     * @param audience the login host, such as {@code https://login.salesforce.com}
     * @param expiresAt when the assertion expires
     * @param key the RSA private key
     * @return {@code header.claims.signature}
     * @throws IllegalStateException if the JVM cannot sign with the key
     */
    static String create(String issuer, String subject, String audience, Instant expiresAt, PrivateKey key) {
        ObjectNode claims = json.createObjectNode();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("aud", audience);
        claims.put("exp", expiresAt.getEpochSecond());
        String signingInput = encode(HEADER) + "." + encode(json.writeValueAsString(claims));
        return signingInput + "." + base64Url.encodeToString(sign(signingInput, key));
    }

    private static byte[] sign(String signingInput, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signature.sign();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot sign the JWT assertion with SHA256withRSA and the given "
                    + key.getAlgorithm() + " key: " + ex.getClass().getSimpleName(), ex);
        }
    }

    private static String encode(String text) {
        return base64Url.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

}
