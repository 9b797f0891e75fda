package io.sfstream.emulator.internal.org;

import java.security.SecureRandom;

/**
 * Generates record ids in Salesforce's format: a 3-character key prefix, 12 characters,
 * and the 3-character case-safe suffix that makes the 18-character form.
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
        while (id15.length() < 15) {
            id15.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
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

}
