package io.sfstream.core;

import org.jspecify.annotations.Nullable;

/**
 * The client could not re-establish its connection within the configured connection
 * timeout. The client keeps trying in the background: a later {@code receive()} may
 * succeed.
 */
public class TransportTimeoutException extends TransportException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what happened and what to do about it; never a secret
     */
    public TransportTimeoutException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     * @param message what happened and what to do about it; never a secret
     * @param cause the underlying failure
     */
    public TransportTimeoutException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
