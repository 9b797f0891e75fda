package io.sfstream.core;

import org.jspecify.annotations.Nullable;

/**
 * The token endpoint refused the credentials, or could not be reached. {@link #error()}
 * and {@link #errorDescription()} carry Salesforce's {@code error} and
 * {@code error_description} when it answered; the request body (which holds secrets) is
 * never part of the message.
 */
public class AuthenticationException extends StreamingException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String error;

    private final @Nullable String errorDescription;

    private final int httpStatus;

    /**
     * Creates the exception for a failure with no answer from the token endpoint (network
     * error, timeout).
     * @param message what happened and what to do about it; never a secret
     * @param cause the underlying failure
     */
    public AuthenticationException(String message, @Nullable Throwable cause) {
        super(message, cause);
        this.error = null;
        this.errorDescription = null;
        this.httpStatus = 0;
    }

    /**
     * Creates the exception for an error answered by the token endpoint.
     * @param message what happened and what to do about it; never a secret
     * @param httpStatus the HTTP status of the answer
     * @param error Salesforce's {@code error}, such as {@code invalid_grant}
     * @param errorDescription Salesforce's {@code error_description}, such as
     * {@code authentication failure}
     */
    public AuthenticationException(String message, int httpStatus, @Nullable String error,
            @Nullable String errorDescription) {
        super(message);
        this.error = error;
        this.errorDescription = errorDescription;
        this.httpStatus = httpStatus;
    }

    /**
     * Returns Salesforce's {@code error} code, such as {@code invalid_grant}, or
     * {@code null} when the token endpoint did not answer with one.
     * @return the OAuth error code, or {@code null}
     */
    public @Nullable String error() {
        return this.error;
    }

    /**
     * Returns Salesforce's {@code error_description}, or {@code null} when the token
     * endpoint did not answer with one.
     * @return the OAuth error description, or {@code null}
     */
    public @Nullable String errorDescription() {
        return this.errorDescription;
    }

    /**
     * Returns the HTTP status of the token endpoint's answer, or 0 when there was no
     * answer.
     * @return the HTTP status, or 0
     */
    public int httpStatus() {
        return this.httpStatus;
    }

    /**
     * Whether retrying later may succeed: no answer, an HTTP 5xx or 429, as opposed to
     * credentials that were refused.
     * @return whether the failure is transient
     */
    public boolean isTransient() {
        return this.httpStatus == 0 || this.httpStatus >= 500 || this.httpStatus == 429;
    }

}
