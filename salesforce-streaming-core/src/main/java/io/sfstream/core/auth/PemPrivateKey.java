package io.sfstream.core.auth;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the private key block in PEM text and returns it as PKCS#8 DER. A PKCS#1
 * {@code RSA PRIVATE KEY} is wrapped into a PKCS#8 {@code PrivateKeyInfo} (RFC 5208):
 * {@code SEQUENCE {INTEGER 0, SEQUENCE {OID rsaEncryption, NULL}, OCTET STRING pkcs1}}.
 * Messages describe the text, never its content.
 */
final class PemPrivateKey {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----",
            Pattern.DOTALL);

    /** AlgorithmIdentifier {rsaEncryption (1.2.840.113549.1.1.1), NULL}. */
    private static final byte[] RSA_ALGORITHM = { 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 };

    private static final byte[] VERSION_0 = { 0x02, 0x01, 0x00 };

    private PemPrivateKey() {
    }

    /**
     * Returns the PKCS#8 DER of the first private key block.
     * @throws IllegalArgumentException if there is none, it is encrypted, not RSA, or not
     * base64
     */
    static byte[] pkcs8(String pem) {
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || pem.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new IllegalArgumentException("encrypted PEM keys are not supported: convert with "
                    + "openssl pkcs8 -topk8 -nocrypt -in encrypted.pem -out key.pem");
        }
        List<String> labels = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            String label = matcher.group(1);
            if (label.equals("PRIVATE KEY")) {
                return decode(matcher.group(2));
            }
            if (label.equals("RSA PRIVATE KEY")) {
                return wrapPkcs1(decode(matcher.group(2)));
            }
            labels.add(label);
        }
        if (labels.contains("EC PRIVATE KEY") || labels.contains("DSA PRIVATE KEY")) {
            throw new IllegalArgumentException("the PEM key is not an RSA key: the JWT bearer flow needs an RSA key");
        }
        throw new IllegalArgumentException("no PEM private key block found: expected -----BEGIN PRIVATE KEY----- "
                + "(PKCS#8) or -----BEGIN RSA PRIVATE KEY----- (PKCS#1)"
                + (labels.isEmpty() ? "" : ", found only " + labels));
    }

    private static byte[] decode(String body) {
        try {
            return Base64.getMimeDecoder().decode(body.strip());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("the PEM private key block is not valid base64");
        }
    }

    static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(VERSION_0);
        content.writeBytes(RSA_ALGORITHM);
        content.writeBytes(derTlv(0x04, pkcs1));
        return derTlv(0x30, content.toByteArray());
    }

    private static byte[] derTlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        }
        else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

}
