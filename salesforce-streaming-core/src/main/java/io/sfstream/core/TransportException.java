package io.sfstream.core;

import org.jspecify.annotations.Nullable;

/**
 * The network between the client and Salesforce failed: connection refused or reset, HTTP
 * error, or an unreadable response.
 */
public class TransportException extends StreamingException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what happened and what to do about it; never a secret
     */
    public TransportException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     * @param message what happened and what to do about it; never a secret
     * @param cause the underlying failure
     */
    public TransportException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
