package io.sfstream.spring.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.sfstream.emulator.BlackHole;
import io.sfstream.emulator.HandshakeObservation;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.ServerDisconnect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite: each fault once, short, through the starter with the file replay
 * store. Every test audits the numbered stream (nothing lost but what the replay fallback
 * skipped, first occurrences in order) and adds a row to {@code target/fault-report.md}.
 *
 * <p>
 * "Processed" means the application finished with the event: the listener method returned
 * (possibly after retries), or it kept failing and the error handler took the event.
 * Either way the position is committed.
 */
class FaultSuiteIntegrationTests {

    static final FaultReport REPORT = new FaultReport(Path.of("target", "fault-report.md"));

    @TempDir
    Path directory;

    @AfterAll
    static void publishReport() {
        REPORT.publish();
    }

    @Test
    void revokedTokenIsReplacedWithNothingLost() throws Exception {
        runInProcess("token revoked (re-authentication)", (harness) -> {
            int tokenRequests = harness.emulator().observations().tokenRequests().size();
            harness.emulator().faults().revokeAllTokens();
            await("a new token request").atMost(FaultHarness.WAIT)
                .pollInterval(FaultHarness.POLL)
                .until(() -> harness.emulator().observations().tokenRequests().size() > tokenRequests);
        });
    }

    @Test
    void expiredSessionIsHandshakenAgainWithNothingLost() throws Exception {
        runInProcess("Bayeux session expired (re-handshake)",
                (harness) -> harness.emulator().faults().expireAllSessions());
    }

    @Test
    void connectResponseCutMidwayLosesNothing() throws Exception {
        runInProcess("connection dropped inside a /meta/connect response",
                (harness) -> harness.emulator().faults().dropNextConnectResponse());
    }

    @Test
    void emulatorDownLongerThanTheConnectionTimeoutLosesNothing() throws Exception {
        runInProcess("emulator stopped 2 s (> connection timeout 1 s), restarted", (harness) -> {
            harness.emulator().stop();
            hold(Duration.ofSeconds(2));
            harness.emulator().restart();
        });
    }

    @Test
    void busyServerOnResubscribeLosesNothing() throws Exception {
        runInProcess("503 on re-subscribe (session expired + 3 subscribes refused)", (harness) -> {
            harness.emulator().faults().failNextSubscribes(3);
            harness.emulator().faults().expireAllSessions();
        });
    }

    @Test
    void concurrentClientLimitAtHandshakeLosesNothing() throws Exception {
        try (FaultHarness harness = new FaultHarness(this.directory, (builder) -> {
        })) {
            harness.startApplication();
            harness.startStreamAndAwaitFlow();
            harness.faultInjected();
            harness.emulator().faults().concurrentClientLimit(0);
            harness.emulator().faults().expireAllSessions();
            await("a handshake denied for the concurrent client limit").atMost(FaultHarness.WAIT)
                .pollInterval(FaultHarness.POLL)
                .until(() -> harness.emulator()
                    .observations()
                    .handshakes()
                    .stream()
                    .anyMatch(FaultSuiteIntegrationTests::deniedForTheLimit));
            hold(Duration.ofSeconds(1));
            harness.emulator().faults().reset();
            long recovery = harness.awaitRecovery();
            harness.finish("concurrent-client limit hit at handshake (1 s)", recovery, (channel) -> Set.of());
        }
    }

    @Test
    void failingListenerIsRetriedThenHandedToTheErrorHandler() throws Exception {
        FaultReport.Row row = runInProcess("listener throwing (every 7th once, every 11th always)", false,
                (harness) -> {
                    harness.listenerFaults().failOnceEvery(7);
                    harness.listenerFaults().failAlwaysEvery(11);
                }, (harness) -> {
                    List<ProcessedLog.Entry> handled = harness.log()
                        .entries()
                        .stream()
                        .filter(ProcessedLog.Entry::viaErrorHandler)
                        .toList();
                    assertThat(handled).isNotEmpty().allMatch((entry) -> entry.seq() % 11 == 0);
                    assertThat(harness.log().entries())
                        .filteredOn((entry) -> entry.seq() % 7 == 0 && entry.seq() % 11 != 0)
                        .noneMatch(ProcessedLog.Entry::viaErrorHandler);
                });
        assertThat(row.lost()).isZero();
    }

    @Test
    void listenerStallingPastTheReconnectWindowLosesNothing() throws Exception {
        runInProcess("listener stalled 4 s (> reconnect window 2 s)", (harness) -> {
            int handshakes = harness.emulator().observations().handshakes().size();
            harness.listenerFaults().stallOnce(Duration.ofSeconds(4));
            await("the server to drop the session and the client to handshake again").atMost(FaultHarness.WAIT)
                .pollInterval(FaultHarness.POLL)
                .until(() -> harness.emulator().observations().handshakes().size() > handshakes);
        });
    }

    @Test
    void killedJvmRestartsFromTheDurableStoreWithNothingLost() throws Exception {
        try (FaultHarness harness = new FaultHarness(this.directory, (builder) -> {
        })) {
            harness.startChildApplication();
            harness.startStreamAndAwaitFlow();
            harness.faultInjected();
            harness.killChildApplication();
            harness.startChildApplication();
            long recovery = harness.awaitRecovery();
            harness.finish("JVM killed (SIGKILL), restarted from the replay file", recovery, (channel) -> Set.of());
        }
    }

    @Test
    void positionExpiredWhileDownAppliesTheFallbackAndLogsTheGap() throws Exception {
        try (FaultHarness harness = new FaultHarness(this.directory, (builder) -> {
        })) {
            harness.startApplication();
            harness.startStreamAndAwaitFlow();
            harness.faultInjected();
            harness.stopApplication();
            Map<String, Integer> stoppedAt = harness.stream().nextNumbers();
            harness.awaitEveryChannel((channel) -> harness.stream().published(channel) >= stoppedAt.get(channel) + 5,
                    "events published while the application is down");
            Map<String, Integer> firstRetained = new HashMap<>();
            harness.stream().betweenRounds(() -> {
                firstRetained.putAll(harness.stream().nextNumbers());
                harness.emulator().clock().advance(Duration.ofHours(73));
            });
            harness.startApplication();
            long recovery = harness.awaitRecovery();
            FaultReport.Row row = harness.finish("stored position expired while down (clock +73 h, fallback all)",
                    recovery, (channel) -> unprocessedBefore(harness, channel, firstRetained.get(channel)));
            assertThat(row.lost()).isGreaterThanOrEqualTo(3 * 5);
            for (String channel : FaultHarness.CHANNELS) {
                assertThat(harness.logLines().containing("REPLAY GAP on " + channel + ": resumed at replay id"))
                    .as("the gap of %s logged with its size", channel)
                    .singleElement()
                    .asString()
                    .containsPattern("over 73 h 0 min \\d+ s");
            }
        }
    }

    @Test
    void combinedFaultsLoseNothing() throws Exception {
        runInProcess("combined: token revoked + token endpoint 503 + connect cut + 503 on subscribes", (harness) -> {
            harness.emulator().faults().failNextTokenRequests(1);
            harness.emulator().faults().failNextSubscribes(2);
            harness.emulator().faults().dropNextConnectResponse();
            harness.emulator().faults().revokeAllTokens();
        });
    }

    @Test
    void serverDisconnectBesideTheConnectReplyIsFollowedByANewSessionWithNothingLost() throws Exception {
        AtomicInteger tokenRequests = new AtomicInteger();
        runInProcess("server /meta/disconnect beside a connect reply (reconnect: none)", (harness) -> {
            tokenRequests.set(harness.emulator().observations().tokenRequests().size());
            harness.emulator().faults().disconnectAllSessions(ServerDisconnect.WITH_CONNECT_REPLY);
        }, (harness) -> assertThat(harness.emulator().observations().tokenRequests()).as("no new token")
            .hasSize(tokenRequests.get()));
    }

    @Test
    void serverDisconnectAloneIsFollowedByANewSessionWithNothingLost() throws Exception {
        AtomicInteger tokenRequests = new AtomicInteger();
        runInProcess("server /meta/disconnect alone", (harness) -> {
            tokenRequests.set(harness.emulator().observations().tokenRequests().size());
            harness.emulator().faults().disconnectAllSessions(ServerDisconnect.ALONE);
        }, (harness) -> assertThat(harness.emulator().observations().tokenRequests()).as("no new token")
            .hasSize(tokenRequests.get()));
    }

    @Test
    void aNewStickyCookieValueIsFollowedWithoutLosingTheSession() throws Exception {
        runInProcess("sticky sfdc-stream cookie rotated mid-session (3 times)", false, (harness) -> {
            for (int i = 0; i < 3; i++) {
                harness.emulator().faults().rotateStickyCookie();
                hold(Duration.ofMillis(1_500));
            }
        }, FaultSuiteIntegrationTests::noNewSession);
    }

    @Test
    void aLongPollThatIsNeverAnsweredIsAbandonedWithNothingLost() throws Exception {
        runInProcess("/meta/connect black-holed (request timeout 2 s)",
                (harness) -> harness.emulator().faults().blackHoleNext(BlackHole.CONNECT));
    }

    @Test
    void aHandshakeThatIsNeverAnsweredIsAbandonedWithNothingLost() throws Exception {
        runInProcess("/meta/handshake black-holed after a session expiry", (harness) -> {
            harness.emulator().faults().blackHoleNext(BlackHole.HANDSHAKE);
            harness.emulator().faults().expireAllSessions();
        });
    }

    @Test
    void aSubscribeThatIsNeverAnsweredIsRetriedWithNothingLost() throws Exception {
        runInProcess("/meta/subscribe black-holed after a session expiry", (harness) -> {
            harness.emulator().faults().blackHoleNext(BlackHole.SUBSCRIBE);
            harness.emulator().faults().expireAllSessions();
        });
    }

    @Test
    void frontProxyErrorPagesAreRetriedWithBackOffAndNothingLost() throws Exception {
        runInProcess("front proxy answering 502 (HTML) for 2 s", (harness) -> {
            harness.emulator().faults().frontProxyErrors(502, Duration.ofSeconds(2));
            hold(Duration.ofSeconds(2));
        });
    }

    @Test
    void aMultipleClientsAdviceIsWaitedOutWithoutLosingTheSession() throws Exception {
        runInProcess("multiple-clients advice (interval 500 ms) for 2 s", false, (harness) -> {
            harness.emulator().faults().multipleClients(Duration.ofMillis(500), Duration.ofSeconds(2));
            hold(Duration.ofSeconds(2));
        }, FaultSuiteIntegrationTests::noNewSession);
    }

    @Test
    void theDailyEventLimitIsWaitedOutWithNothingLost() throws Exception {
        runInProcess("daily events limit exceeded for 2 s (connect and handshake)", (harness) -> {
            harness.emulator().faults().dailyLimitExceeded(Duration.ofSeconds(2));
            hold(Duration.ofSeconds(2));
        });
    }

    @Test
    void replayIdsBeyondThirtyTwoBitsSurviveARestartFromTheReplayFile() throws Exception {
        try (FaultHarness harness = new FaultHarness(this.directory,
                (builder) -> builder.replayIdStart(5_000_000_000L))) {
            harness.startApplication();
            harness.startStreamAndAwaitFlow();
            harness.faultInjected();
            harness.stopApplication();
            harness.startApplication();
            long recovery = harness.awaitRecovery();
            harness.finish("replay ids from 5,000,000,000 (> 2^32), application restarted", recovery,
                    (channel) -> Set.of());
            assertThat(java.nio.file.Files.readString(this.directory.resolve("replay-positions.json")))
                .containsPattern("\\b5\\d{9}\\b");
        }
    }

    private static void noNewSession(FaultHarness harness) {
        // Checked after the stream ran on: the fault needed no new session, so the first
        // session's handshake is
        // the only one.
        assertThat(harness.emulator().observations().handshakes()).as("handshakes").hasSize(1);
    }

    private static Set<Integer> unprocessedBefore(FaultHarness harness, String channel, int firstRetained) {
        Set<Integer> processed = harness.log()
            .entries()
            .stream()
            .filter((entry) -> entry.channel().equals(channel))
            .map(ProcessedLog.Entry::seq)
            .collect(Collectors.toSet());
        Set<Integer> skipped = new TreeSet<>();
        for (int seq = 1; seq < firstRetained; seq++) {
            if (!processed.contains(seq)) {
                skipped.add(seq);
            }
        }
        return skipped;
    }

    private static boolean deniedForTheLimit(HandshakeObservation handshake) {
        return !handshake.successful() && String.valueOf(handshake.failureReason()).contains("concurrent user limit");
    }

    private FaultReport.Row runInProcess(String fault, Fault injection) throws Exception {
        return runInProcess(fault, injection, (harness) -> {
        });
    }

    private FaultReport.Row runInProcess(String fault, Fault injection, Fault afterwards) throws Exception {
        return runInProcess(fault, true, injection, afterwards);
    }

    private FaultReport.Row runInProcess(String fault, boolean newSession, Fault injection, Fault afterwards)
            throws Exception {
        try (FaultHarness harness = new FaultHarness(this.directory, (SalesforceEmulator.Builder builder) -> {
        })) {
            harness.startApplication();
            harness.startStreamAndAwaitFlow();
            int handshakes = harness.emulator().observations().handshakes().size();
            harness.faultInjected();
            injection.inject(harness);
            long recovery = harness.awaitRecovery();
            FaultReport.Row row = harness.finish(fault, recovery, (channel) -> Set.of());
            if (newSession) {
                assertThat(harness.emulator().observations().handshakes()).as("the fault ended the session")
                    .hasSizeGreaterThan(handshakes);
            }
            afterwards.inject(harness);
            return row;
        }
    }

    /**
     * Keeps a fault in place: the time it lasts is part of the scenario, not an
     * assertion.
     */
    private static void hold(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    @FunctionalInterface
    interface Fault {

        void inject(FaultHarness harness) throws Exception;

    }

}
