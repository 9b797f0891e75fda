package io.sfstream.core.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.sfstream.core.TransportTimeoutException;
import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.auth.TokenSupplierAuthenticator;
import io.sfstream.core.client.EmulatorSupport.CountingAuthenticator;
import io.sfstream.core.client.EmulatorSupport.RecordingLifecycle;
import io.sfstream.emulator.PublishedEvent;
import io.sfstream.emulator.SalesforceEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.sfstream.core.client.EmulatorSupport.PLATFORM_EVENT;
import static io.sfstream.core.client.EmulatorSupport.POLL;
import static io.sfstream.core.client.EmulatorSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Recovery from each fault the emulator injects: every published event is received at
 * least once, in order.
 */
class StreamingClientRecoveryIntegrationTests {

    private SalesforceEmulator emulator;

    private StreamingClient client;

    private final RecordingLifecycle lifecycle = new RecordingLifecycle();

    private final List<StreamingEvent> received = new ArrayList<>();

    @BeforeEach
    void start() {
        // One org per test, not @EmbeddedSalesforce: tests stop it, count subscribes.
        this.emulator = EmulatorSupport.startEmulator();
    }

    @AfterEach
    void stop() {
        if (this.client != null) {
            this.client.close();
        }
        this.emulator.close();
    }

    private CountingAuthenticator openClient() {
        CountingAuthenticator authenticator = new CountingAuthenticator(this.emulator);
        this.client = EmulatorSupport.clientBuilder(authenticator).lifecycleListener(this.lifecycle).build();
        this.client.open();
        this.client.subscribe(PLATFORM_EVENT);
        return authenticator;
    }

    private List<Long> publish(int count) {
        return IntStream.range(0, count)
            .mapToObj((i) -> this.emulator.publish(PLATFORM_EVENT, Map.of("Seq__c", i)).replayId())
            .collect(Collectors.toList());
    }

    /**
     * Receives until every id was seen, then checks they came in order (duplicates
     * allowed: at-least-once).
     */
    private void assertReceivedInOrder(List<Long> published) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!receivedIds().containsAll(published)) {
            assertThat(System.nanoTime()).as("received %s, expected %s", receivedIds(), published).isLessThan(deadline);
            try {
                StreamingEvent event = this.client.receive(Duration.ofMillis(200));
                if (event != null) {
                    this.received.add(event);
                }
            }
            catch (TransportTimeoutException ex) {
                // still reconnecting
            }
        }
        List<Long> ids = receivedIds();
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).as("in order: %s", ids).isGreaterThanOrEqualTo(ids.get(i - 1));
        }
    }

    private List<Long> receivedIds() {
        return this.received.stream().map((event) -> event.replayId().longValue()).collect(Collectors.toList());
    }

    @Test
    void revokedTokenIsReplacedAndNothingIsLost() {
        CountingAuthenticator authenticator = openClient();
        List<Long> published = new ArrayList<>(publish(3));
        assertReceivedInOrder(published);
        this.emulator.faults().revokeAllTokens();
        published.addAll(publish(3));
        await("a new token").atMost(WAIT).pollInterval(POLL).until(() -> authenticator.calls.get() >= 2);
        published.addAll(publish(3));
        assertReceivedInOrder(published);
        await("connected again").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.client.state() == ConnectionState.CONNECTED);
        assertThat(this.lifecycle.calls).contains("reauthenticated", "rehandshaked");
    }

    @Test
    void expiredSessionIsHandshakenAgainWithoutNewToken() {
        CountingAuthenticator authenticator = openClient();
        List<Long> published = new ArrayList<>(publish(2));
        assertReceivedInOrder(published);
        int handshakes = this.emulator.observations().handshakes().size();
        this.emulator.faults().expireAllSessions();
        await("a re-handshake").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.emulator.observations().handshakes().size() > handshakes);
        published.addAll(publish(3));
        assertReceivedInOrder(published);
        assertThat(authenticator.calls).hasValue(1);
        assertThat(this.lifecycle.calls).contains("rehandshaked").doesNotContain("reauthenticated");
    }

    @Test
    void eventsOfADroppedConnectResponseAreStillReceived() {
        openClient();
        // A position must exist: a channel subscribed with -1 that has received nothing
        // yet has none to replay from.
        List<Long> published = new ArrayList<>(publish(1));
        assertReceivedInOrder(published);
        this.emulator.faults().dropNextConnectResponse();
        published.addAll(this.emulator
            .publishBatch(PLATFORM_EVENT, List.of(Map.of("Seq__c", 1), Map.of("Seq__c", 2), Map.of("Seq__c", 3)))
            .stream()
            .map(PublishedEvent::replayId)
            .collect(Collectors.toList()));
        assertReceivedInOrder(published);
        assertThat(this.lifecycle.calls).contains("disconnected", "rehandshaked");
    }

    @Test
    void tooBusySubscribesAreRetried() {
        CountingAuthenticator authenticator = new CountingAuthenticator(this.emulator);
        this.client = EmulatorSupport.clientBuilder(authenticator).lifecycleListener(this.lifecycle).build();
        this.client.open();
        this.emulator.faults().failNextSubscribes(2);
        this.client.subscribe(PLATFORM_EVENT);
        assertThat(this.emulator.observations().subscribes()).filteredOn((s) -> !s.successful()).hasSize(2);
        assertReceivedInOrder(publish(2));
    }

    @Test
    void emulatorRestartIsSurvivedAndReceiveTimesOutWhileItIsDown() {
        openClient();
        List<Long> published = new ArrayList<>(publish(2));
        assertReceivedInOrder(published);
        this.emulator.stop();
        await("the connection to be lost").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.client.state() == ConnectionState.RECONNECTING);
        assertThatExceptionOfType(TransportTimeoutException.class).isThrownBy(() -> this.client.receive());
        this.emulator.restart();
        published.addAll(publish(3));
        assertReceivedInOrder(published);
        await("connected again").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.client.state() == ConnectionState.CONNECTED);
    }

    @Test
    void flakyTokenEndpointNeverStallsTheClient() {
        int[] failuresLeft = { 0 };
        int[] calls = { 0 };
        TokenSupplierAuthenticator authenticator = new TokenSupplierAuthenticator(() -> {
            synchronized (calls) {
                calls[0]++;
                if (failuresLeft[0] > 0) {
                    failuresLeft[0]--;
                    throw new io.sfstream.core.AuthenticationException("token endpoint unavailable", 503, null, null);
                }
            }
            return AccessToken.of(this.emulator.issueAccessToken(), this.emulator.myDomainUrl());
        });
        this.client = EmulatorSupport.clientBuilder(authenticator).lifecycleListener(this.lifecycle).build();
        this.client.open();
        this.client.subscribe(PLATFORM_EVENT);
        List<Long> published = new ArrayList<>(publish(1));
        assertReceivedInOrder(published);
        synchronized (calls) {
            failuresLeft[0] = 3;
        }
        this.emulator.faults().revokeAllTokens();
        published.addAll(publish(2));
        await("three failed token requests").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.lifecycle.count("authenticationFailed") == 3);
        await("re-authenticated").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.lifecycle.count("reauthenticated") == 1);
        published.addAll(publish(2));
        assertReceivedInOrder(published);
        assertThat(this.lifecycle.count("authenticationFailed")).isEqualTo(3);
        synchronized (calls) {
            assertThat(calls[0]).isEqualTo(5);
        }
    }

    @Test
    void concurrentClientLimitIsReportedAndRetried() {
        openClient();
        List<Long> published = new ArrayList<>(publish(1));
        assertReceivedInOrder(published);
        this.emulator.faults().concurrentClientLimit(0);
        this.emulator.faults().revokeAllTokens();
        await("the limit to be reported").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> this.lifecycle.count("limitExceeded") >= 1);
        this.emulator.faults().reset();
        published.addAll(publish(2));
        assertReceivedInOrder(published);
    }

}
