package io.sfstream.core;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception thrown by the Salesforce streaming client. Messages say what
 * happened and what to do, and never contain a secret (password, client secret, refresh
 * token, access token or private key).
 */
public class StreamingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what happened and what to do about it; never a secret
     */
    public StreamingException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     * @param message what happened and what to do about it; never a secret
     * @param cause the underlying failure
     */
    public StreamingException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
