package io.sfstream.emulator.internal.org;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.sfstream.emulator.BlackHole;
import org.jspecify.annotations.Nullable;

/**
 * The faults currently armed, read by the endpoints on every request. One-shot faults are
 * consumed atomically, so each armed failure hits exactly one request. Faults armed for a
 * period end by themselves after it, measured on the real (monotonic) clock, not on the
 * org's {@code EmulatorClock}.
 *
 * <p>
 * Thread-safe.
 */
public final class FaultState {

    private final AtomicBoolean dropNextConnectResponse = new AtomicBoolean();

    private final AtomicReference<Duration> responseDelay = new AtomicReference<>(Duration.ZERO);

    private final AtomicInteger failingSubscribes = new AtomicInteger();

    private final AtomicInteger failingTokenRequests = new AtomicInteger();

    private final AtomicInteger concurrentClientLimit = new AtomicInteger(Integer.MAX_VALUE);

    private final AtomicReference<@Nullable Period> dailyLimitExceeded = new AtomicReference<>();

    private final Map<BlackHole, AtomicInteger> blackHoles = new ConcurrentHashMap<>();

    private final AtomicReference<@Nullable Period> frontProxyErrors = new AtomicReference<>();

    private final AtomicReference<@Nullable Period> multipleClients = new AtomicReference<>();

    /**
     * Arms the cut-off of the next {@code /meta/connect} response that carries events.
     */
    public void armDropNextConnectResponse() {
        this.dropNextConnectResponse.set(true);
    }

    /**
     * Consumes the armed cut-off, if any.
     * @return {@code true} once after {@link #armDropNextConnectResponse()}
     */
    public boolean takeDropNextConnectResponse() {
        return this.dropNextConnectResponse.getAndSet(false);
    }

    /**
     * Sets the delay added before every HTTP request is handled.
     * @param delay the delay, {@link Duration#ZERO} for none
     */
    public void setResponseDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        this.responseDelay.set(delay);
    }

    /**
     * Returns the delay added before every HTTP request is handled.
     * @return the delay, {@link Duration#ZERO} for none
     */
    public Duration responseDelay() {
        return this.responseDelay.get();
    }

    /**
     * Makes the next {@code count} subscribes fail as when the server is too busy.
     * @param count how many subscribes fail
     */
    public void setFailingSubscribes(int count) {
        this.failingSubscribes.set(requireNotNegative(count));
    }

    /**
     * Consumes one armed subscribe failure, if any.
     * @return {@code true} when this subscribe must fail
     */
    public boolean takeFailingSubscribe() {
        return this.failingSubscribes.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /**
     * Makes the next {@code count} token requests fail with an HTTP 5xx.
     * @param count how many requests fail
     */
    public void setFailingTokenRequests(int count) {
        this.failingTokenRequests.set(requireNotNegative(count));
    }

    /**
     * Consumes one armed token-request failure, if any.
     * @return {@code true} when this token request must fail
     */
    public boolean takeFailingTokenRequest() {
        return this.failingTokenRequests.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /**
     * Sets how many Bayeux sessions may be live at once.
     * @param max the limit
     */
    public void setConcurrentClientLimit(int max) {
        this.concurrentClientLimit.set(requireNotNegative(max));
    }

    /**
     * Returns how many Bayeux sessions may be live at once.
     * @return the limit, {@link Integer#MAX_VALUE} when unlimited
     */
    public int concurrentClientLimit() {
        return this.concurrentClientLimit.get();
    }

    /**
     * Sets whether the org has used up its daily event delivery allocation, until told
     * otherwise.
     * @param exceeded whether handshakes, connects and subscribes are refused
     */
    public void setDailyLimitExceeded(boolean exceeded) {
        this.dailyLimitExceeded.set(exceeded ? Period.forever(0) : null);
    }

    /**
     * Makes the org's daily event delivery allocation used up for a period.
     * @param period how long, on the real clock
     */
    public void setDailyLimitExceeded(Duration period) {
        this.dailyLimitExceeded.set(Period.of(0, period));
    }

    /**
     * Returns whether the org has used up its daily event delivery allocation.
     * @return whether handshakes, connects and subscribes are refused
     */
    public boolean dailyLimitExceeded() {
        return active(this.dailyLimitExceeded) != null;
    }

    /**
     * Arms one more swallowed request of a kind.
     * @param kind the kind of request
     */
    public void armBlackHole(BlackHole kind) {
        this.blackHoles.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * Consumes one armed swallowed request of a kind, if any.
     * @param kind the kind of the request at hand
     * @return {@code true} when this request must be swallowed
     */
    public boolean takeBlackHole(BlackHole kind) {
        AtomicInteger armed = this.blackHoles.get(kind);
        return armed != null && armed.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /**
     * Makes a front proxy answer every Bayeux request with an HTTP error for a period.
     * @param httpStatus 502, 503 or 504
     * @param period how long, on the real clock
     */
    public void setFrontProxyErrors(int httpStatus, Duration period) {
        if (httpStatus != 502 && httpStatus != 503 && httpStatus != 504) {
            throw new IllegalArgumentException("A front proxy answers 502, 503 or 504, not " + httpStatus);
        }
        this.frontProxyErrors.set(Period.of(httpStatus, period));
    }

    /**
     * Returns the HTTP status a front proxy answers Bayeux requests with now.
     * @return 502, 503 or 504, or {@code 0} when requests reach the server
     */
    public int frontProxyStatus() {
        Period period = active(this.frontProxyErrors);
        return period == null ? 0 : (int) period.value();
    }

    /**
     * Makes every {@code /meta/connect} answered at once with the multiple-clients advice
     * for a period.
     * @param interval the advised {@code interval}
     * @param period how long, on the real clock
     */
    public void setMultipleClients(Duration interval, Duration period) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative: " + interval);
        }
        this.multipleClients.set(Period.of(interval.toMillis(), period));
    }

    /**
     * Returns the advised interval of the multiple-clients fault, while it lasts.
     * @return the interval in milliseconds, or {@code -1} when the fault is off
     */
    public long multipleClientsIntervalMillis() {
        Period period = active(this.multipleClients);
        return period == null ? -1 : period.value();
    }

    /** Clears every fault. */
    public void reset() {
        this.dropNextConnectResponse.set(false);
        this.responseDelay.set(Duration.ZERO);
        this.failingSubscribes.set(0);
        this.failingTokenRequests.set(0);
        this.concurrentClientLimit.set(Integer.MAX_VALUE);
        this.dailyLimitExceeded.set(null);
        this.blackHoles.clear();
        this.frontProxyErrors.set(null);
        this.multipleClients.set(null);
    }

    private static @Nullable Period active(AtomicReference<@Nullable Period> fault) {
        Period period = fault.get();
        if (period != null && !period.isActive()) {
            fault.compareAndSet(period, null);
            return null;
        }
        return period;
    }

    private static int requireNotNegative(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("must not be negative: " + value);
        }
        return value;
    }

    /** A fault's value and when it ends, on {@link System#nanoTime()}. */
    private record Period(long value, long endNanos, boolean forever) {

        static Period forever(long value) {
            return new Period(value, 0, true);
        }

        static Period of(long value, Duration period) {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period must be positive: " + period);
            }
            if (period.compareTo(Duration.ofDays(36_500)) > 0) {
                return forever(value); // beyond what System.nanoTime() can count
            }
            return new Period(value, System.nanoTime() + period.toNanos(), false);
        }

        boolean isActive() {
            return this.forever || this.endNanos - System.nanoTime() > 0;
        }
    }

}
