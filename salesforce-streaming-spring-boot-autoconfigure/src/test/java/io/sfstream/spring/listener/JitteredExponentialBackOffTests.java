package io.sfstream.spring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

class JitteredExponentialBackOffTests {

    @Test
    void delaysDoubleFromTheInitialDelayUpToTheMaximum() {
        JitteredExponentialBackOff backOff = new JitteredExponentialBackOff(Duration.ofSeconds(1),
                Duration.ofSeconds(10), (bound) -> bound);
        assertThat(delays(backOff.start(), 6)).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L);
    }

    @Test
    void jitterTakesUpToHalfOfEachDelay() {
        JitteredExponentialBackOff backOff = new JitteredExponentialBackOff(Duration.ofSeconds(1),
                Duration.ofSeconds(10), (bound) -> 0);
        assertThat(delays(backOff.start(), 5)).containsExactly(500L, 1_000L, 2_000L, 4_000L, 5_000L);
    }

    @Test
    void randomDelaysStayBetweenHalfAndAllOfTheirCeiling() {
        JitteredExponentialBackOff backOff = new JitteredExponentialBackOff(Duration.ofMillis(100),
                Duration.ofMillis(800));
        for (int run = 0; run < 100; run++) {
            List<Long> delays = delays(backOff.start(), 5);
            long[] ceilings = { 100, 200, 400, 800, 800 };
            for (int i = 0; i < ceilings.length; i++) {
                assertThat(delays.get(i)).isBetween(ceilings[i] / 2, ceilings[i]);
            }
        }
    }

    @Test
    void everyStartCountsFromTheInitialDelayAndTheDelayStaysAtTheMaximumForever() {
        JitteredExponentialBackOff backOff = new JitteredExponentialBackOff(Duration.ofMillis(1), Duration.ofMinutes(5),
                (bound) -> bound);
        BackOffExecution first = backOff.start();
        assertThat(delays(first, 100)).last().isEqualTo(300_000L);
        assertThat(backOff.start().nextBackOff()).isEqualTo(1L);
    }

    private static List<Long> delays(BackOffExecution execution, int count) {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            delays.add(execution.nextBackOff());
        }
        return delays;
    }

}
