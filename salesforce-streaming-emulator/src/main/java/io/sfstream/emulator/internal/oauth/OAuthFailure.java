package io.sfstream.emulator.internal.oauth;

/**
 * A refused token request, answered as {@code {"error":...,"error_description":...}}. Its
 * message never holds request values.
 */
final class OAuthFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final String error;

    private final String description;

    OAuthFailure(String error, String description) {
        super(error + ": " + description, null, false, false);
        this.error = error;
        this.description = description;
    }

    static OAuthFailure authenticationFailure() {
        return new OAuthFailure("invalid_grant", "authentication failure");
    }

    static OAuthFailure unknownClient() {
        return new OAuthFailure("invalid_client_id", "client identifier invalid");
    }

    static OAuthFailure badClientSecret() {
        return new OAuthFailure("invalid_client", "invalid client credentials");
    }

    String error() {
        return this.error;
    }

    String description() {
        return this.description;
    }

}
