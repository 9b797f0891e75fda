package io.sfstream.pubsub;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.grpc.inprocess.InProcessChannelBuilder;
import io.sfstream.core.AuthenticationException;
import io.sfstream.core.ServerException;
import io.sfstream.core.StreamingException;
import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.emulator.SalesforceEmulator;
import org.jspecify.annotations.Nullable;

/**
 * Shared set-up: an emulator with a platform event, a custom channel and a change event
 * entity, short Pub/Sub keepalive and idle periods; clients over the in-process transport
 * or the emulator's real port, with a short back-off and watchdog.
 */
final class PubSubFixture {

    static final String ORDERS = "/event/Order_Placed__e";

    static final String CUSTOM_CHANNEL = "/event/Orders__chn";

    static final String ACCOUNTS = "/data/AccountChangeEvent";

    static final Duration KEEPALIVE = Duration.ofMillis(500);

    static final Duration IDLE = Duration.ofSeconds(3);

    private PubSubFixture() {
    }

    static SalesforceEmulator.Builder emulatorBuilder() {
        return SalesforceEmulator.builder()
            .platformEvent("Order_Placed__e")
            .platformEvent("Orders__chn")
            .changeDataCapture("AccountChangeEvent")
            .connectTimeout(Duration.ofSeconds(1))
            .reconnectWindow(Duration.ofSeconds(2))
            .pubSubKeepalivePeriod(KEEPALIVE)
            .pubSubIdleTimeout(IDLE);
    }

    static SalesforceEmulator startEmulator() {
        return emulatorBuilder().start();
    }

    /** A client on grpc-java's in-process transport. */
    static PubSubClient.Builder inProcess(SalesforceEmulator emulator, Authenticator authenticator) {
        return tuned(PubSubClient.builder(authenticator)
            .channelBuilder(InProcessChannelBuilder.forName(emulator.pubSubInProcessName())));
    }

    /** A client on the emulator's real port (Netty, plaintext HTTP/2 on loopback). */
    static PubSubClient.Builder overNetty(SalesforceEmulator emulator, Authenticator authenticator) {
        return tuned(PubSubClient.builder(authenticator)
            .host(emulator.pubSubHost())
            .port(emulator.pubSubPort())
            .plaintext());
    }

    private static PubSubClient.Builder tuned(PubSubClient.Builder builder) {
        return builder.backOff(Duration.ofMillis(50), Duration.ofMillis(400))
            .connectionTimeout(Duration.ofSeconds(5))
            .commitBatching(100, Duration.ofMillis(100))
            .keepaliveTimeout(Duration.ofSeconds(2))
            .idleTimeout(IDLE)
            .replayFallback(ReplayFallback.ALL_EVENTS);
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(20), condition);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", ex);
            }
        }
    }

    /**
     * Issues emulator tokens without an OAuth round trip, counting its calls; without the
     * org id unless asked, so the client reads it from the userinfo endpoint.
     */
    static final class CountingAuthenticator implements Authenticator {

        private final SalesforceEmulator emulator;

        private final boolean withOrgId;

        final AtomicInteger calls = new AtomicInteger();

        CountingAuthenticator(SalesforceEmulator emulator) {
            this(emulator, false);
        }

        CountingAuthenticator(SalesforceEmulator emulator, boolean withOrgId) {
            this.emulator = emulator;
            this.withOrgId = withOrgId;
        }

        @Override
        public AccessToken authenticate() {
            this.calls.incrementAndGet();
            if (!this.emulator.isRunning()) {
                throw new AuthenticationException("emulator down", null);
            }
            return new AccessToken(this.emulator.issueAccessToken(), this.emulator.myDomainUrl(), null,
                    this.withOrgId ? this.emulator.orgId() : null);
        }

    }

    /** Records what the lifecycle reported. */
    static final class RecordingLifecycle implements ClientLifecycleListener {

        final List<String> fallbacks = new CopyOnWriteArrayList<>();

        final List<String> failures = new CopyOnWriteArrayList<>();

        final List<String> limits = new CopyOnWriteArrayList<>();

        final AtomicInteger reauthenticated = new AtomicInteger();

        final AtomicInteger disconnected = new AtomicInteger();

        final AtomicInteger connected = new AtomicInteger();

        @Override
        public void connected() {
            this.connected.incrementAndGet();
        }

        @Override
        public void replayFallbackApplied(String channel, ReplayId invalidReplayId, ReplayFallback fallback) {
            this.fallbacks.add(channel + " " + invalidReplayId + " " + fallback);
        }

        @Override
        public void subscribeFailed(String channel, StreamingException error) {
            this.failures.add(channel + ": " + error.getMessage());
        }

        @Override
        public void limitExceeded(ServerException error, Duration retryIn) {
            this.limits.add(error.getMessage());
        }

        @Override
        public void reauthenticated() {
            this.reauthenticated.incrementAndGet();
        }

        @Override
        public void disconnected(@Nullable Throwable cause) {
            this.disconnected.incrementAndGet();
        }

    }

}
