package io.sfstream.emulator.junit;

import java.util.Map;

import io.sfstream.emulator.SalesforceEmulator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

@EmbeddedSalesforce(pushTopics = "AccountUpdates", platformEvents = "Order_Placed__e", connectTimeoutMillis = 1000)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedSalesforceIntegrationTests {

    private final SalesforceEmulator fromConstructor;

    EmbeddedSalesforceIntegrationTests(SalesforceEmulator emulator) {
        this.fromConstructor = emulator;
    }

    @Test
    @Order(1)
    void injectsOneRunningEmulatorWithTheDeclaredChannels(SalesforceEmulator emulator) {
        assertThat(emulator).isSameAs(this.fromConstructor);
        assertThat(emulator.isRunning()).isTrue();
        assertThat(emulator.publish("/topic/AccountUpdates", Map.of("Name", "Acme")).replayId()).isPositive();
        assertThat(emulator.publish("/event/Order_Placed__e", Map.of()).channel()).isEqualTo("/event/Order_Placed__e");
        emulator.faults().concurrentClientLimit(0);
        EmulatorReference.first = emulator;
    }

    @Test
    @Order(2)
    void sharesTheEmulatorAcrossTheClassAndResetsFaultsBetweenTests(SalesforceEmulator emulator) throws Exception {
        assertThat(emulator).isSameAs(EmulatorReference.first);
        java.net.http.HttpResponse<String> handshake = java.net.http.HttpClient.newHttpClient()
            .send(java.net.http.HttpRequest.newBuilder(emulator.cometdUrl("64.0"))
                .header("Authorization", "Bearer " + emulator.issueAccessToken())
                .POST(java.net.http.HttpRequest.BodyPublishers
                    .ofString("[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                            + "\"supportedConnectionTypes\":[\"long-polling\"]}]"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(handshake.body()).contains("\"successful\":true");
        emulator.faults().concurrentClientLimit(0);
    }

    static final class EmulatorReference {

        static SalesforceEmulator first;

    }

}
