package io.sfstream.core.auth;

import java.util.Objects;

/**
 * Argument checks shared by the authenticators. Messages name the parameter, never its
 * value.
 */
final class Credentials {

    private Credentials() {
    }

    /**
     * Returns the value if it is neither {@code null} nor blank.
     * @throws NullPointerException if it is {@code null}
     * @throws IllegalArgumentException if it is blank
     */
    static String required(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

}
