package io.sfstream.core.badinput;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.doubles.CraftedBayeuxServer;
import io.sfstream.core.replay.ReplayFrom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a broken or hostile server sends inside {@code /meta/connect} responses. Each case
 * is delivered or reported, never a crash, a stall or unbounded memory: a well-formed
 * event sent afterwards always arrives.
 */
class MalformedServerInputIntegrationTests {

    private static final String CHANNEL = "/event/Order_Placed__e";

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final Duration POLL = Duration.ofMillis(20);

    private final List<String> malformed = new CopyOnWriteArrayList<>();

    private final List<String> disconnects = new CopyOnWriteArrayList<>();

    private CraftedBayeuxServer server;

    private StreamingClient client;

    @BeforeEach
    void start() throws Exception {
        this.server = new CraftedBayeuxServer();
        this.client = open(100);
    }

    private StreamingClient open(int maxPendingCount) {
        StreamingClient opened = StreamingClient
            .builder(() -> AccessToken.of("crafted-token", this.server.instanceUrl()))
            .apiVersion(CraftedBayeuxServer.API_VERSION)
            .maxPendingCount(maxPendingCount)
            .backOff(Duration.ofMillis(50), Duration.ofMillis(200))
            .lifecycleListener(new ClientLifecycleListener() {
                @Override
                public void malformedEvent(String channel, String reason) {
                    MalformedServerInputIntegrationTests.this.malformed.add(channel + ": " + reason);
                }

                @Override
                public void disconnected(@Nullable Throwable cause) {
                    MalformedServerInputIntegrationTests.this.disconnects.add(String.valueOf(cause));
                }
            })
            .build();
        opened.open();
        opened.subscribe(CHANNEL, ReplayFrom.NEW_EVENTS);
        return opened;
    }

    @AfterEach
    void stop() {
        if (this.client != null) {
            this.client.close();
        }
        this.server.close();
    }

    @Test
    void aBodyThatIsNotJsonEndsTheSessionAndTheNextOneDelivers() {
        int handshakes = this.server.handshakes();
        this.server.rawBody("<html>502 Bad Gateway</html>");
        await("a new session").atMost(WAIT).pollInterval(POLL).until(() -> this.server.handshakes() > handshakes);
        this.server.event(CHANNEL, 1, "{\"N\":1}");
        assertThat(receive().replayId().longValue()).isEqualTo(1L);
    }

    @Test
    void aTruncatedJsonBodyEndsTheSessionAndTheNextOneDelivers() {
        int handshakes = this.server.handshakes();
        this.server.rawBody("[{\"channel\":\"" + CHANNEL + "\",\"data\":{\"event\":{\"replayId\":");
        await("a new session").atMost(WAIT).pollInterval(POLL).until(() -> this.server.handshakes() > handshakes);
        this.server.event(CHANNEL, 1, "{\"N\":1}");
        assertThat(receive().replayId().longValue()).isEqualTo(1L);
    }

    @Test
    void aMessageWithoutDataIsReportedAndSkipped() {
        this.server.raw("{\"channel\":\"" + CHANNEL + "\"}");
        this.server.event(CHANNEL, 2, "{\"N\":2}");
        assertThat(receive().replayId().longValue()).isEqualTo(2L);
        assertThat(this.malformed).singleElement().asString().contains("no data");
    }

    @Test
    void anEventWithoutReplayIdIsDeliveredReportedAndLeavesThePositionAlone() {
        this.server.raw("{\"channel\":\"" + CHANNEL + "\",\"data\":{\"payload\":{\"N\":0},\"event\":{}}}");
        this.server.event(CHANNEL, 3, "{\"N\":3}");
        StreamingEvent withoutId = receive();
        assertThat(withoutId.replayId()).isNull();
        assertThat(withoutId.payload()).containsEntry("N", 0L);
        assertThat(receive().replayId().longValue()).isEqualTo(3L);
        assertThat(this.malformed).singleElement().asString().contains("replayId");
    }

    @Test
    void aReplayIdOfTheWrongTypeIsDeliveredAndReported() {
        this.server.raw("{\"channel\":\"" + CHANNEL + "\",\"data\":{\"payload\":{\"N\":0},"
                + "\"event\":{\"replayId\":{\"not\":\"a number\"}}}}");
        this.server.raw("{\"channel\":\"" + CHANNEL + "\",\"data\":{\"payload\":{\"N\":0},"
                + "\"event\":{\"replayId\":\"abc\"}}}");
        this.server.event(CHANNEL, 4, "{\"N\":4}");
        assertThat(receive().replayId()).isNull();
        assertThat(receive().replayId()).isNull();
        assertThat(receive().replayId().longValue()).isEqualTo(4L);
        assertThat(this.malformed).hasSize(2).allMatch((problem) -> problem.contains("replayId"));
    }

    @Test
    void dataThatIsNotAnObjectIsDeliveredAndReported() {
        this.server.raw("{\"channel\":\"" + CHANNEL + "\",\"data\":[1,2,3]}");
        this.server.raw("{\"channel\":\"" + CHANNEL + "\",\"data\":\"text\"}");
        this.server.event(CHANNEL, 5, "{\"N\":5}");
        assertThat(receive().replayId()).isNull();
        assertThat(receive().replayId()).isNull();
        assertThat(receive().replayId().longValue()).isEqualTo(5L);
        assertThat(this.malformed).hasSize(2);
    }

    @Test
    void eventsOnChannelsNobodySubscribedAreIgnored() {
        this.server.raw(CraftedBayeuxServer.eventJson("/event/Unknown__e", 99, "{\"N\":99}"));
        this.server.raw("{\"channel\":\"/meta/unknown\",\"successful\":true}");
        this.server.event(CHANNEL, 6, "{\"N\":6}");
        StreamingEvent event = receive();
        assertThat(event.channel()).isEqualTo(CHANNEL);
        assertThat(event.replayId().longValue()).isEqualTo(6L);
    }

    @Test
    void aOneMegabyteEventIsDelivered() {
        String big = "x".repeat(1024 * 1024);
        this.server.event(CHANNEL, 7, "{\"Big\":\"" + big + "\"}");
        StreamingEvent event = receive();
        assertThat(event.replayId().longValue()).isEqualTo(7L);
        assertThat((String) event.payload().get("Big")).hasSize(big.length());
    }

    @Test
    void aBatchOfSeveralMegabytesInOneResponseIsDelivered() {
        String big = "y".repeat(1024 * 1024);
        for (long id = 10; id < 16; id++) {
            this.server.event(CHANNEL, id, "{\"Big\":\"" + big + "\"}");
        }
        for (long id = 10; id < 16; id++) {
            assertThat(receive().replayId().longValue()).isEqualTo(id);
        }
    }

    @Test
    void aResponseLargerThanTheClientHoldsIsReportedAndTheEventsAfterItArrive() {
        String huge = "z".repeat(20 * 1024 * 1024);
        this.server.raw(CraftedBayeuxServer.eventJson(CHANNEL, 20, "{\"Huge\":\"" + huge + "\"}"));
        StreamingEvent nothing = this.client.receive(Duration.ofSeconds(2));
        assertThat(nothing).as("the oversize response is not delivered").isNull();
        await("the oversize response to be reported").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> !this.disconnects.isEmpty());
        assertThat(this.disconnects.get(0)).containsIgnoringCase("capacity");
        this.server.event(CHANNEL, 21, "{\"N\":21}");
        assertThat(receive().replayId().longValue()).isEqualTo(21L);
    }

    @Test
    void aHugeNumberOfEventsInOneResponseIsDeliveredWithNoneLostAndNoReHandshakeLoop() {
        StringBuilder ignored = new StringBuilder();
        int count = 5_000;
        for (long id = 1; id <= count; id++) {
            this.server.event(CHANNEL, 1000 + id, "{\"N\":" + id + "}");
        }
        List<Long> received = new ArrayList<>();
        int maxPending = 0;
        while (received.size() < count) {
            maxPending = Math.max(maxPending, this.client.pendingCount());
            StreamingEvent event = this.client.receive(WAIT);
            assertThat(event).as("event %d of %d", received.size() + 1, count).isNotNull();
            if (!received.isEmpty() && event.replayId().longValue() <= received.get(received.size() - 1)) {
                ignored.append(event.replayId().longValue()).append(' ');
                continue;
            }
            received.add(event.replayId().longValue());
        }
        // The buffer holds at most max-pending-count (100) plus the events of the one
        // response being delivered; the
        // next long poll waits until it has drained. (Dropping the overflow instead would
        // re-handshake forever when a
        // server keeps sending more events per response than the buffer holds.)
        assertThat(maxPending).as("events held at once").isLessThanOrEqualTo(100 + count);
        assertThat(received).first().isEqualTo(1001L);
        assertThat(received).last().isEqualTo(1000L + count);
        assertThat(received).doesNotHaveDuplicates().hasSize(count);
    }

    private StreamingEvent receive() {
        StreamingEvent event = this.client.receive(WAIT);
        assertThat(event).as("an event within %s", WAIT).isNotNull();
        return event;
    }

}
