package io.sfstream.emulator.org;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The faults currently armed, read by the endpoints on every request. One-shot faults are consumed
 * atomically, so each armed failure hits exactly one request.
 *
 * <p>Thread-safe.
 */
public final class FaultState {

    private final AtomicBoolean dropNextConnectResponse = new AtomicBoolean();
    private final AtomicReference<Duration> responseDelay = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger failingSubscribes = new AtomicInteger();
    private final AtomicInteger failingTokenRequests = new AtomicInteger();
    private final AtomicInteger concurrentClientLimit = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicBoolean dailyLimitExceeded = new AtomicBoolean();

    /** Arms the cut-off of the next {@code /meta/connect} response that carries events. */
    public void armDropNextConnectResponse() {
        dropNextConnectResponse.set(true);
    }

    /**
     * Consumes the armed cut-off, if any.
     *
     * @return {@code true} once after {@link #armDropNextConnectResponse()}
     */
    public boolean takeDropNextConnectResponse() {
        return dropNextConnectResponse.getAndSet(false);
    }

    /**
     * Sets the delay added before every HTTP request is handled.
     *
     * @param delay the delay, {@link Duration#ZERO} for none
     */
    public void setResponseDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        responseDelay.set(delay);
    }

    /**
     * Returns the delay added before every HTTP request is handled.
     *
     * @return the delay, {@link Duration#ZERO} for none
     */
    public Duration responseDelay() {
        return responseDelay.get();
    }

    /**
     * Makes the next {@code count} subscribes fail as when the server is too busy.
     *
     * @param count how many subscribes fail
     */
    public void setFailingSubscribes(int count) {
        failingSubscribes.set(requireNotNegative(count));
    }

    /**
     * Consumes one armed subscribe failure, if any.
     *
     * @return {@code true} when this subscribe must fail
     */
    public boolean takeFailingSubscribe() {
        return failingSubscribes.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /**
     * Makes the next {@code count} token requests fail with an HTTP 5xx.
     *
     * @param count how many requests fail
     */
    public void setFailingTokenRequests(int count) {
        failingTokenRequests.set(requireNotNegative(count));
    }

    /**
     * Consumes one armed token-request failure, if any.
     *
     * @return {@code true} when this token request must fail
     */
    public boolean takeFailingTokenRequest() {
        return failingTokenRequests.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /**
     * Sets how many Bayeux sessions may be live at once.
     *
     * @param max the limit
     */
    public void setConcurrentClientLimit(int max) {
        concurrentClientLimit.set(requireNotNegative(max));
    }

    /**
     * Returns how many Bayeux sessions may be live at once.
     *
     * @return the limit, {@link Integer#MAX_VALUE} when unlimited
     */
    public int concurrentClientLimit() {
        return concurrentClientLimit.get();
    }

    /**
     * Sets whether the org has used up its daily event delivery allocation.
     *
     * @param exceeded whether connects and subscribes are refused
     */
    public void setDailyLimitExceeded(boolean exceeded) {
        dailyLimitExceeded.set(exceeded);
    }

    /**
     * Returns whether the org has used up its daily event delivery allocation.
     *
     * @return whether connects and subscribes are refused
     */
    public boolean dailyLimitExceeded() {
        return dailyLimitExceeded.get();
    }

    /** Clears every fault. */
    public void reset() {
        dropNextConnectResponse.set(false);
        responseDelay.set(Duration.ZERO);
        failingSubscribes.set(0);
        failingTokenRequests.set(0);
        concurrentClientLimit.set(Integer.MAX_VALUE);
        dailyLimitExceeded.set(false);
    }

    private static int requireNotNegative(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("must not be negative: " + value);
        }
        return value;
    }
}
