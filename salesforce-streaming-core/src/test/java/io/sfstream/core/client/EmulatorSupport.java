package io.sfstream.core.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.sfstream.core.AuthenticationException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.emulator.SalesforceEmulator;

/**
 * Shared set-up of the integration tests: an emulator with one channel of each kind and
 * short timeouts (through {@code @EmbeddedSalesforce} with these channels, one per test
 * class, or {@link #startEmulator()}, one per test), and clients with a short back-off
 * whose authenticator counts its calls.
 */
final class EmulatorSupport {

    static final String PUSH_TOPIC = "/topic/AccountUpdates";

    static final String PLATFORM_EVENT = "/event/Order_Placed__e";

    static final String CHANGE_EVENTS = "/data/AccountChangeEvent";

    static final String GENERIC = "/u/Notifications";

    /** How long a test waits for what the client does in the background. */
    static final Duration WAIT = Duration.ofSeconds(20);

    /** How often a waiting test looks again. */
    static final Duration POLL = Duration.ofMillis(10);

    private EmulatorSupport() {
    }

    /**
     * Starts an org of its own for one test: for tests that stop the org, count all it
     * saw or replay all it retains.
     * @return the running emulator
     */
    static SalesforceEmulator startEmulator() {
        return SalesforceEmulator.builder()
            .port(0)
            .user("user@example.com", "password", "SECURITYTOKEN")
            .connectedApp("test-consumer-key", "test-consumer-secret")
            .pushTopic("AccountUpdates")
            .platformEvent("Order_Placed__e")
            .changeDataCapture("AccountChangeEvent")
            .genericChannel("Notifications")
            .connectTimeout(Duration.ofSeconds(1))
            .reconnectWindow(Duration.ofSeconds(2))
            .start();
    }

    /** An authenticator issuing emulator tokens directly, counting its calls. */
    static final class CountingAuthenticator implements Authenticator {

        private final SalesforceEmulator emulator;

        final AtomicInteger calls = new AtomicInteger();

        CountingAuthenticator(SalesforceEmulator emulator) {
            this.emulator = emulator;
        }

        @Override
        public AccessToken authenticate() {
            this.calls.incrementAndGet();
            if (!this.emulator.isRunning()) {
                throw new AuthenticationException("emulator down", null);
            }
            return AccessToken.of(this.emulator.issueAccessToken(), this.emulator.myDomainUrl());
        }

    }

    static StreamingClient.Builder clientBuilder(Authenticator authenticator) {
        return StreamingClient.builder(authenticator)
            .backOff(Duration.ofMillis(50), Duration.ofMillis(400))
            .connectionTimeout(Duration.ofSeconds(2))
            .commitBatching(100, Duration.ofMillis(100))
            .replayFallback(ReplayFallback.ALL_EVENTS);
    }

    /** Receives events until the condition holds about what was received. */
    static List<StreamingEvent> receiveUntil(StreamingClient client, int count) {
        List<StreamingEvent> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (received.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("received only " + received.size() + " of " + count + ": " + received);
            }
            StreamingEvent event;
            try {
                event = client.receive(Duration.ofMillis(200));
            }
            catch (io.sfstream.core.TransportTimeoutException ex) {
                continue;
            }
            if (event != null) {
                received.add(event);
            }
        }
        return received;
    }

    /** Records lifecycle callbacks. */
    static final class RecordingLifecycle implements ClientLifecycleListener {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void connected() {
            this.calls.add("connected");
        }

        @Override
        public void disconnected(Throwable cause) {
            this.calls.add("disconnected");
        }

        @Override
        public void reauthenticated() {
            this.calls.add("reauthenticated");
        }

        @Override
        public void authenticationFailed(AuthenticationException error) {
            this.calls.add("authenticationFailed");
        }

        @Override
        public void rehandshaked(String reason) {
            this.calls.add("rehandshaked");
        }

        @Override
        public void subscribed(String channel, io.sfstream.core.replay.ReplayFrom from) {
            this.calls.add("subscribed " + channel + " " + from.value());
        }

        @Override
        public void subscribeFailed(String channel, StreamingException error) {
            this.calls.add("subscribeFailed " + channel);
        }

        @Override
        public void replayFallbackApplied(String channel, ReplayId invalidReplayId, ReplayFallback fallback) {
            this.calls.add("fallback " + channel + " " + invalidReplayId + " " + fallback);
        }

        @Override
        public void malformedEvent(String channel, String reason) {
            this.calls.add("malformed " + channel);
        }

        @Override
        public void limitExceeded(io.sfstream.core.ServerException error, Duration retryIn) {
            this.calls.add("limitExceeded");
        }

        long count(String prefix) {
            return this.calls.stream().filter((call) -> call.startsWith(prefix)).count();
        }

    }

}
