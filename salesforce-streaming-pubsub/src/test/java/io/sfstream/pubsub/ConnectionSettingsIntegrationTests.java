package io.sfstream.pubsub;

import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

import io.sfstream.core.TransportException;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.emulator.SalesforceEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Host, port, TLS and the org id: the real port in plaintext with the org id read from
 * the userinfo endpoint or taken from the token, TLS (with a given {@link SSLContext})
 * refused by a plaintext server, and the builder's checks.
 */
class ConnectionSettingsIntegrationTests {

    static SalesforceEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = PubSubFixture.startEmulator();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void theRealPortServesEventsWithTheOrgIdFromEitherSource() {
        for (boolean orgIdInToken : new boolean[] { false, true }) {
            try (PubSubClient client = PubSubFixture
                .overNetty(emulator, new PubSubFixture.CountingAuthenticator(emulator, orgIdInToken))
                .build()) {
                client.open();
                client.subscribe(PubSubFixture.ORDERS);
                emulator.publish(PubSubFixture.ORDERS, Map.of("OrderNumber__c", "N-" + orgIdInToken));
                assertThat(client.receive(Duration.ofSeconds(10)).payload()).containsEntry("OrderNumber__c",
                        "N-" + orgIdInToken);
            }
        }
    }

    @Test
    void tlsWithAGivenContextIsAttemptedAndAPlaintextServerCannotBeReached() throws Exception {
        try (PubSubClient client = PubSubClient.builder(new PubSubFixture.CountingAuthenticator(emulator, true))
            .host("localhost")
            .port(emulator.pubSubPort())
            .sslContext(SSLContext.getDefault())
            .connectionTimeout(Duration.ofSeconds(1))
            .build()) {
            assertThatThrownBy(client::open).isInstanceOf(TransportException.class).hasMessageContaining("localhost");
        }
    }

    @Test
    void theBuilderRefusesWhatThePubSubApiCannotDo() {
        PubSubClient.Builder builder = PubSubClient.builder(new PubSubFixture.CountingAuthenticator(emulator));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxPendingCount(101));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.defaultReplay(ReplayFrom.after(42)))
            .withMessageContaining("42");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.port(0));
    }

}
