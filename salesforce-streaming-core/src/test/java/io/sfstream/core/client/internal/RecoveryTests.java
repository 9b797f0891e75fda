package io.sfstream.core.client.internal;

import java.time.Duration;

import io.sfstream.core.client.internal.Recovery.Plan;
import io.sfstream.core.client.internal.Recovery.Step;
import io.sfstream.core.support.BackOff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recovery rules of the session supervisor, with back-offs without jitter and a
 * hand-driven clock.
 */
class RecoveryTests {

    private static final long SECOND = 1_000_000_000L;

    private final Recovery recovery = new Recovery(
            new BackOff(Duration.ofMillis(100), Duration.ofMillis(1_000), (bound) -> bound),
            new BackOff(Duration.ofMillis(3_000), Duration.ofMillis(60_000), (bound) -> bound));

    @Test
    void theFirstFailureAfterAStableSessionNeedingNoBackOffIsRetriedAtOnce() {
        this.recovery.connected(0);
        assertThat(this.recovery.next(FailureAction.REHANDSHAKE, 60 * SECOND))
            .isEqualTo(new Plan(Step.REHANDSHAKE, Duration.ZERO, 1));
        this.recovery.connected(61 * SECOND);
        Plan reauthenticate = this.recovery.next(FailureAction.REAUTHENTICATE, 120 * SECOND);
        assertThat(reauthenticate).isEqualTo(new Plan(Step.REAUTHENTICATE, Duration.ZERO, 1));
        assertThat(reauthenticate.newToken()).isTrue();
    }

    @Test
    void sessionsEndingSoonAfterTheyConnectBackOffMoreAndMoreInsteadOfLooping() {
        this.recovery.connected(0);
        long now = 0;
        Duration[] delays = new Duration[5];
        for (int i = 0; i < delays.length; i++) {
            now += SECOND;
            delays[i] = this.recovery.next(FailureAction.REHANDSHAKE, now).delay();
            this.recovery.connected(now);
        }
        assertThat(delays).containsExactly(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void aSessionThatLastedStartsTheBackOffOver() {
        this.recovery.connected(0);
        this.recovery.next(FailureAction.TRANSPORT, SECOND);
        this.recovery.next(FailureAction.TRANSPORT, 2 * SECOND);
        this.recovery.connected(3 * SECOND);
        Plan plan = this.recovery.next(FailureAction.TRANSPORT, 3 * SECOND + Recovery.STABLE_SESSION.toNanos());
        assertThat(plan).isEqualTo(new Plan(Step.RECONNECT, Duration.ofMillis(100), 1));
    }

    @Test
    void networkFailuresAlwaysBackOff() {
        assertThat(this.recovery.next(FailureAction.TRANSPORT, 0).delay()).isEqualTo(Duration.ofMillis(100));
        assertThat(this.recovery.next(FailureAction.TRANSPORT, 0).delay()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void orgLimitsBackOffForLong() {
        Plan first = this.recovery.next(FailureAction.LIMIT_BACK_OFF, 0);
        Plan second = this.recovery.next(FailureAction.LIMIT_BACK_OFF, 0);
        assertThat(first.step()).isEqualTo(Step.LIMIT);
        assertThat(first.delay()).isEqualTo(Duration.ofMillis(3_000));
        assertThat(second.delay()).isEqualTo(Duration.ofMillis(6_000));
        assertThat(first.newToken()).isFalse();
    }

    @Test
    void requestRequiresAuthenticationGetsOneNewTokenPerOccurrence() {
        this.recovery.connected(0);
        Plan first = this.recovery.next(FailureAction.REAUTHENTICATE_ONCE, SECOND);
        assertThat(first).isEqualTo(new Plan(Step.REAUTHENTICATE, Duration.ZERO, 1));
        Plan again = this.recovery.next(FailureAction.REAUTHENTICATE_ONCE, 2 * SECOND);
        assertThat(again.step()).isEqualTo(Step.REAUTHENTICATE_REFUSED_AGAIN);
        assertThat(again.delay()).isEqualTo(Duration.ofMillis(3_000));
        assertThat(again.newToken()).isTrue();
        // Connected with the new token: the next occurrence is a new one,
        // re-authenticated once more.
        this.recovery.connected(3 * SECOND);
        assertThat(this.recovery.next(FailureAction.REAUTHENTICATE_ONCE, 4 * SECOND).step())
            .isEqualTo(Step.REAUTHENTICATE);
    }

    @Test
    void refusedCredentialsBackOffForLongAndNetworkFailuresOfTheTokenRequestDoNot() {
        assertThat(this.recovery.afterAuthenticationFailure(false)).isEqualTo(Duration.ofMillis(3_000));
        assertThat(this.recovery.afterAuthenticationFailure(true)).isEqualTo(Duration.ofMillis(100));
    }

}
