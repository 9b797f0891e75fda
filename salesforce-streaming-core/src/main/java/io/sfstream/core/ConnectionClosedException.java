package io.sfstream.core;

import org.jspecify.annotations.Nullable;

/**
 * The connection was closed, by the client's {@code close()} or by the server, while an
 * operation waited on it.
 */
public class ConnectionClosedException extends TransportException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what happened and what to do about it; never a secret
     */
    public ConnectionClosedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     * @param message what happened and what to do about it; never a secret
     * @param cause the underlying failure
     */
    public ConnectionClosedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
