package io.sfstream.emulator.internal.bayeux;

import java.security.SecureRandom;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * The load balancer's {@code sfdc-stream} cookie of one Bayeux session (shared by the
 * sessions of one browser, that is of one cookie store): Salesforce routes the session's
 * requests to one server of a pool by it. Every response of the session sets the current
 * value; a {@link #rotate() rotation} makes the next response set a new one, which from
 * then on is the only value accepted. A request with another value (or none) would land
 * on another server of the pool, which does not know the session.
 *
 * <p>
 * Thread-safe.
 */
final class StickyCookie {

    /** The cookie's name. */
    static final String NAME = "sfdc-stream";

    /** The cookie's path. */
    static final String PATH = "/cometd/";

    private static final SecureRandom RANDOM = new SecureRandom();

    private String current = newValue();

    private @Nullable String next;

    /** Returns the value the next response sets, and makes it the only one accepted. */
    synchronized String toSend() {
        if (this.next != null) {
            this.current = this.next;
            this.next = null;
        }
        return this.current;
    }

    /**
     * Returns whether a request carrying {@code value} reaches the server that holds the
     * session.
     */
    synchronized boolean accepts(@Nullable String value) {
        return this.current.equals(value);
    }

    /** Makes the next response set a new value. */
    synchronized void rotate() {
        this.next = newValue();
    }

    /** Forgets a rotation not yet sent. */
    synchronized void cancelRotation() {
        this.next = null;
    }

    /** Returns the {@code Set-Cookie} header value for {@code value}. */
    static String header(String value) {
        return NAME + "=" + value + "; Path=" + PATH;
    }

    /**
     * A value shaped like Salesforce's: {@code !} then 64 base64 characters ending in
     * {@code ==}.
     */
    private static String newValue() {
        byte[] bytes = new byte[46];
        RANDOM.nextBytes(bytes);
        return "!" + Base64.getEncoder().encodeToString(bytes);
    }

}
