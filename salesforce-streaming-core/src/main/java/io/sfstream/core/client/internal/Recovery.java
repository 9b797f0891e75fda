package io.sfstream.core.client.internal;

import java.time.Duration;

import io.sfstream.core.support.BackOff;

/**
 * Decides how a {@link SessionSupervisor} recovers when a session fails (PROTOCOL section
 * 4): whether it needs a new token, and how long it waits before the next session. The
 * first failure after a stable session is retried at once when it needs no back-off (a
 * new token, a new handshake); later ones back off, exponentially with jitter, and org
 * limits back off for long. A session that ends soon after it connected (a server or
 * proxy ending every session) keeps the back-off growing instead of handshaking in a
 * loop. {@code 401::Request requires authentication} gets one new token per occurrence; a
 * second one in a row is a configuration error, reported loudly and retried slowly. Not
 * thread-safe: confined to the supervisor's control thread.
 */
final class Recovery {

    /** A session connected at least this long before it ends starts the back-off over. */
    static final Duration STABLE_SESSION = Duration.ofSeconds(10);

    /** What the supervisor does before its next session. */
    enum Step {

        /** Obtain a new token, then handshake. */
        REAUTHENTICATE,

        /**
         * A new token did not help ({@code 401::Request requires authentication} again):
         * report it, retry slowly.
         */
        REAUTHENTICATE_REFUSED_AGAIN,

        /** Handshake again with the same token. */
        REHANDSHAKE,

        /** An org limit refused the client: back off for long. */
        LIMIT,

        /** A network failure: back off, then handshake again. */
        RECONNECT

    }

    /**
     * The way to the next session.
     *
     * @param step what to do
     * @param delay how long to wait first
     * @param failures failures since the last stable session, this one included
     */
    record Plan(Step step, Duration delay, int failures) {

        /**
         * Whether the next session needs a new token.
         * @return whether to re-authenticate
         */
        boolean newToken() {
            return this.step == Step.REAUTHENTICATE || this.step == Step.REAUTHENTICATE_REFUSED_AGAIN;
        }
    }

    private final BackOff backOff;

    private final BackOff limitBackOff;

    private int failuresSinceConnected;

    private long connectedSince;

    private boolean requiresAuthenticationRetried;

    /**
     * Creates the recovery rules.
     * @param backOff delays after failures
     * @param limitBackOff delays after an org limit refused the client
     */
    Recovery(BackOff backOff, BackOff limitBackOff) {
        this.backOff = backOff;
        this.limitBackOff = limitBackOff;
    }

    /**
     * A session connected.
     * @param nowNanos {@link System#nanoTime()}
     */
    void connected(long nowNanos) {
        this.connectedSince = nowNanos;
        // The guard of '401::Request requires authentication' re-arms: the next
        // occurrence re-authenticates once more.
        this.requiresAuthenticationRetried = false;
    }

    /**
     * A session failed: decides what comes next.
     * @param action what the failure asks for
     * @param nowNanos {@link System#nanoTime()}
     * @return the plan
     */
    Plan next(FailureAction action, long nowNanos) {
        long since = this.connectedSince;
        this.connectedSince = 0;
        if (since != 0 && nowNanos - since >= STABLE_SESSION.toNanos()) {
            this.failuresSinceConnected = 0;
            this.backOff.reset();
            this.limitBackOff.reset();
        }
        int failures = ++this.failuresSinceConnected;
        return switch (action) {
            case REAUTHENTICATE -> new Plan(Step.REAUTHENTICATE, firstAtOnce(failures), failures);
            case REAUTHENTICATE_ONCE -> {
                if (this.requiresAuthenticationRetried) {
                    yield new Plan(Step.REAUTHENTICATE_REFUSED_AGAIN, this.limitBackOff.next(), failures);
                }
                this.requiresAuthenticationRetried = true;
                yield new Plan(Step.REAUTHENTICATE, Duration.ZERO, failures);
            }
            case REHANDSHAKE -> new Plan(Step.REHANDSHAKE, firstAtOnce(failures), failures);
            case LIMIT_BACK_OFF -> new Plan(Step.LIMIT, this.limitBackOff.next(), failures);
            default -> new Plan(Step.RECONNECT, this.backOff.next(), failures);
        };
    }

    /**
     * Obtaining a token failed: how long to wait before trying again.
     * @param transientFailure whether it may succeed soon (network, server error) rather
     * than needing a fix (refused credentials)
     * @return the delay
     */
    Duration afterAuthenticationFailure(boolean transientFailure) {
        return transientFailure ? this.backOff.next() : this.limitBackOff.next();
    }

    /**
     * An unexpected failure of the supervisor itself: how long to wait before a new
     * session.
     * @return the delay
     */
    Duration afterUnexpectedFailure() {
        return this.backOff.next();
    }

    private Duration firstAtOnce(int failures) {
        return (failures <= 1) ? Duration.ZERO : this.backOff.next();
    }

}
