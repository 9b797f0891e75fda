package io.sfstream.core;

import org.jspecify.annotations.Nullable;

/**
 * A replay position could not be used: for example a stored replay id that has expired
 * while the replay fallback policy is {@code FAIL}, or a replay store that could not be
 * read or written.
 */
public class ReplayException extends StreamingException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what happened and what to do about it; never a secret
     */
    public ReplayException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     * @param message what happened and what to do about it; never a secret
     * @param cause the underlying failure
     */
    public ReplayException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
