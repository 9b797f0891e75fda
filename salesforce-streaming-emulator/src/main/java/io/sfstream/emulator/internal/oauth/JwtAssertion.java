package io.sfstream.emulator.internal.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JWT bearer assertion: header, claims and RS256 signature, as Salesforce checks them.
 */
final class JwtAssertion {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final String signedPart;

    private final byte[] signature;

    private final Map<String, Object> header;

    private final Map<String, Object> claims;

    private JwtAssertion(String signedPart, byte[] signature, Map<String, Object> header, Map<String, Object> claims) {
        this.signedPart = signedPart;
        this.signature = signature;
        this.header = header;
        this.claims = claims;
    }

    /**
     * Parses a compact JWS.
     * @throws OAuthFailure {@code invalid_grant / invalid assertion} when it is not one
     */
    static JwtAssertion parse(@Nullable String compact) throws OAuthFailure {
        if (compact == null) {
            throw invalidAssertion();
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw invalidAssertion();
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            Map<String, Object> header = JSON.readValue(decoder.decode(parts[0]), MAP);
            Map<String, Object> claims = JSON.readValue(decoder.decode(parts[1]), MAP);
            return new JwtAssertion(parts[0] + "." + parts[1], decoder.decode(parts[2]), header, claims);
        }
        catch (IllegalArgumentException | JacksonException e) {
            throw invalidAssertion();
        }
    }

    static OAuthFailure invalidAssertion() {
        return new OAuthFailure("invalid_grant", "invalid assertion");
    }

    @Nullable String issuer() {
        return text("iss");
    }

    @Nullable String subject() {
        return text("sub");
    }

    boolean hasAudienceIn(List<String> accepted) {
        Object aud = this.claims.get("aud");
        if (aud instanceof String single) {
            return accepted.contains(stripSlash(single));
        }
        if (aud instanceof List<?> many) {
            return many.stream().anyMatch(a -> a instanceof String s && accepted.contains(stripSlash(s)));
        }
        return false;
    }

    boolean isExpiredAt(Instant now) {
        Object exp = this.claims.get("exp");
        return !(exp instanceof Number seconds) || !Instant.ofEpochSecond(seconds.longValue()).isAfter(now);
    }

    boolean isSignedBy(PublicKey key) {
        if (!"RS256".equals(this.header.get("alg"))) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(this.signedPart.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(this.signature);
        }
        catch (GeneralSecurityException e) {
            return false;
        }
    }

    private @Nullable String text(String claim) {
        return this.claims.get(claim) instanceof String value ? value : null;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

}
