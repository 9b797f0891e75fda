package io.sfstream.core.support;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackOffTests {

    @Test
    void growsExponentiallyUpToTheCapAndResets() {
        BackOff backOff = new BackOff(Duration.ofMillis(100), Duration.ofMillis(1000), (bound) -> bound);
        assertThat(backOff.next()).isEqualTo(Duration.ofMillis(100));
        assertThat(backOff.next()).isEqualTo(Duration.ofMillis(200));
        assertThat(backOff.next()).isEqualTo(Duration.ofMillis(400));
        assertThat(backOff.next()).isEqualTo(Duration.ofMillis(800));
        assertThat(backOff.next()).isEqualTo(Duration.ofMillis(1000));
        for (int i = 0; i < 100; i++) {
            assertThat(backOff.next()).isEqualTo(Duration.ofMillis(1000));
        }
        backOff.reset();
        assertThat(backOff.next()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void jitterKeepsAtLeastHalfTheDelay() {
        BackOff lowest = new BackOff(Duration.ofMillis(100), Duration.ofMillis(1000), (bound) -> 0);
        assertThat(lowest.next()).isEqualTo(Duration.ofMillis(50));
        assertThat(lowest.next()).isEqualTo(Duration.ofMillis(100));
        BackOff random = new BackOff(Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 50; i++) {
            assertThat(random.next().toMillis()).isBetween(50L, 1000L);
        }
    }

}
