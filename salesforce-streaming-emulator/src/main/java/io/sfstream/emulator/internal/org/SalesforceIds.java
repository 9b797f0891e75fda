package io.sfstream.emulator.internal.org;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates record ids in Salesforce's format: a 3-character key prefix, 12 characters,
 * and the 3-character case-safe suffix that makes the 18-character form. Ids and the
 * other per-event values are drawn from {@link ThreadLocalRandom} (they are not secrets,
 * and every published event takes some); {@link #randomAlphanumeric(int)}, which makes
 * tokens and cookies, from a {@link SecureRandom}.
 */
public final class SalesforceIds {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private static final SecureRandom RANDOM = new SecureRandom();

    private SalesforceIds() {
    }

    /**
     * Returns a new random 18-character id with the given key prefix.
     * @param keyPrefix three characters, e.g. {@code 005} for a user
     * @return the 18-character id
     */
    public static String newId(String keyPrefix) {
        StringBuilder id15 = new StringBuilder(keyPrefix);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (id15.length() < 15) {
            id15.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return toEighteen(id15.toString());
    }

    /**
     * Appends the case-safe suffix to a 15-character id.
     * @param id15 a 15-character id
     * @return the 18-character id
     */
    public static String toEighteen(String id15) {
        if (id15.length() != 15) {
            throw new IllegalArgumentException("Expected a 15-character id");
        }
        StringBuilder id = new StringBuilder(id15);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            id.append(SUFFIX_CHARS.charAt(bits));
        }
        return id.toString();
    }

    /**
     * Returns {@code length} random characters from {@code [A-Za-z0-9]}.
     * @param length how many characters
     * @return the random text
     */
    public static String randomAlphanumeric(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return text.toString();
    }

    /**
     * Returns {@code length} random characters from {@code [a-z0-9]}, not for secrets.
     * @param length how many characters
     * @return the random text
     */
    public static String randomLowerAlphanumeric(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            int n = random.nextInt(36);
            text[i] = (char) ((n < 26) ? 'a' + n : '0' + n - 26);
        }
        return new String(text);
    }

    /**
     * Returns {@code length} random lowercase hexadecimal digits, not for secrets.
     * @param length how many digits
     * @return the random text
     */
    public static String randomHex(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = Character.forDigit(random.nextInt(16), 16);
        }
        return new String(text);
    }

    /**
     * Returns a random (version 4) UUID, not for secrets: {@link UUID#randomUUID()}
     * without its {@code SecureRandom}.
     * @return the UUID
     */
    public static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long least = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

}
