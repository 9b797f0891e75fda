package io.sfstream.pubsub;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.emulator.SalesforceEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the Pub/Sub API refuses every new token too (a revoked user, a wrong org), the
 * client asks for tokens with back-off, not at network speed, and recovers when tokens
 * are accepted again.
 */
class TokenRefusalIntegrationTests {

    SalesforceEmulator emulator;

    @BeforeEach
    void start() {
        this.emulator = PubSubFixture.startEmulator();
    }

    @AfterEach
    void stop() {
        this.emulator.close();
    }

    @Test
    void refusedNewTokensAreRequestedWithBackOffAndTheStreamComesBackWithNothingLost() throws Exception {
        SwitchingAuthenticator authenticator = new SwitchingAuthenticator(this.emulator);
        PubSubFixture.RecordingLifecycle lifecycle = new PubSubFixture.RecordingLifecycle();
        try (PubSubClient client = PubSubFixture.inProcess(this.emulator, authenticator)
            .lifecycleListener(lifecycle)
            .build()) {
            client.open();
            client.subscribe(PubSubFixture.ORDERS, ReplayFrom.NEW_EVENTS);
            this.emulator.publish(PubSubFixture.ORDERS, Map.of("OrderNumber__c", "before"));
            assertThat(client.receive(Duration.ofSeconds(10))).isNotNull();

            authenticator.refused = true;
            this.emulator.faults().pubSubAuthError();
            PubSubFixture.await("a refused token asked for again", () -> authenticator.calls.get() >= 3);
            int before = authenticator.calls.get();
            Thread.sleep(2_000);
            int during = authenticator.calls.get() - before;
            // Back-off of 50 ms doubling to 400 ms (PubSubFixture): about ten in two
            // seconds;
            // without it, hundreds.
            assertThat(during).as("token requests in 2 s of refusals").isBetween(1, 30);

            this.emulator.publish(PubSubFixture.ORDERS, Map.of("OrderNumber__c", "during"));
            authenticator.refused = false;
            StreamingEvent event = client.receive(Duration.ofSeconds(10));
            assertThat(event).as("the event published while tokens were refused").isNotNull();
            assertThat(event.payload()).containsEntry("OrderNumber__c", "during");
        }
    }

    /** Issues the emulator's tokens, or tokens it does not know. */
    static final class SwitchingAuthenticator implements Authenticator {

        private final SalesforceEmulator emulator;

        final AtomicInteger calls = new AtomicInteger();

        volatile boolean refused;

        SwitchingAuthenticator(SalesforceEmulator emulator) {
            this.emulator = emulator;
        }

        @Override
        public AccessToken authenticate() {
            this.calls.incrementAndGet();
            String token = this.refused ? "00Dxx!revoked-" + this.calls.get() : this.emulator.issueAccessToken();
            return new AccessToken(token, this.emulator.myDomainUrl(), null, this.emulator.orgId());
        }

    }

}
