package io.sfstream.core;

import org.jspecify.annotations.Nullable;

/**
 * An operation that the client's current state does not allow, such as {@code receive()}
 * on a closed client with no pending events, or {@code open()} on a client that is
 * already open.
 */
public class ClientInvalidOperationException extends StreamingException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what happened and what to do about it; never a secret
     */
    public ClientInvalidOperationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     * @param message what happened and what to do about it; never a secret
     * @param cause the underlying failure
     */
    public ClientInvalidOperationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
