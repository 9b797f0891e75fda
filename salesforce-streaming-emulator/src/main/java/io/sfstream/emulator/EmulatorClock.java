package io.sfstream.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulated org's notion of time: event dates, token issue times, JWT expiry and event
 * retention are all measured on it. Tests move it forward with {@link #advance(Duration)}
 * to make retained events expire without waiting.
 *
 * <p>
 * Network timing (the {@code /meta/connect} hold and the reconnect window) uses real
 * time.
 *
 * <p>
 * Thread-safe.
 */
public final class EmulatorClock {

    private final Clock base;

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    private EmulatorClock(Clock base) {
        this.base = base;
    }

    /**
     * Returns a clock that follows the system clock, shifted by any
     * {@link #advance(Duration)}.
     * @return a new clock
     */
    public static EmulatorClock system() {
        return new EmulatorClock(Clock.systemUTC());
    }

    /**
     * Returns a clock that stands still at {@code instant} until it is advanced or set.
     * @param instant the time the clock shows
     * @return a new clock
     */
    public static EmulatorClock fixedAt(Instant instant) {
        return new EmulatorClock(Clock.fixed(Objects.requireNonNull(instant, "instant"), java.time.ZoneOffset.UTC));
    }

    /**
     * Returns the current time of the emulated org.
     * @return the current instant
     */
    public Instant now() {
        return this.base.instant().plus(this.offset.get());
    }

    /**
     * Moves the clock forward (or backward with a negative duration).
     * @param duration how far to move
     */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        this.offset.accumulateAndGet(duration, Duration::plus);
    }

    /**
     * Sets the clock to show {@code instant} now.
     * @param instant the new current time
     */
    public void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        this.offset.set(Duration.between(this.base.instant(), instant));
    }

    @Override
    public String toString() {
        return "EmulatorClock[" + now() + "]";
    }

}
