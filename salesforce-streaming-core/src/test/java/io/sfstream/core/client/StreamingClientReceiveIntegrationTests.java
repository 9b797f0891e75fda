package io.sfstream.core.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.sfstream.core.client.EmulatorSupport.CountingAuthenticator;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.emulator.PublishedEvent;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.SubscribeObservation;
import io.sfstream.emulator.junit.EmbeddedSalesforce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.sfstream.core.client.EmulatorSupport.CHANGE_EVENTS;
import static io.sfstream.core.client.EmulatorSupport.GENERIC;
import static io.sfstream.core.client.EmulatorSupport.PLATFORM_EVENT;
import static io.sfstream.core.client.EmulatorSupport.PUSH_TOPIC;
import static io.sfstream.core.client.EmulatorSupport.receiveUntil;
import static org.assertj.core.api.Assertions.assertThat;

@EmbeddedSalesforce(pushTopics = PUSH_TOPIC, platformEvents = PLATFORM_EVENT, changeDataCaptures = CHANGE_EVENTS,
        genericChannels = GENERIC, connectTimeoutMillis = 1000, reconnectWindowMillis = 2000)
class StreamingClientReceiveIntegrationTests {

    private final SalesforceEmulator emulator;

    private StreamingClient client;

    StreamingClientReceiveIntegrationTests(SalesforceEmulator emulator) {
        this.emulator = emulator;
    }

    @BeforeEach
    void forgetEarlierTests() {
        // The org serves every test of the class: each looks only at its own requests.
        this.emulator.observations().clear();
    }

    @AfterEach
    void stop() {
        if (this.client != null) {
            this.client.close();
        }
    }

    @Test
    void receivesEveryChannelKindWithReplayIdTimeAndPayload() {
        this.client = EmulatorSupport.clientBuilder(new CountingAuthenticator(this.emulator)).build();
        this.client.open();
        assertThat(this.client.state()).isEqualTo(ConnectionState.CONNECTED);
        for (String channel : List.of(PUSH_TOPIC, PLATFORM_EVENT, CHANGE_EVENTS, GENERIC)) {
            this.client.subscribe(channel);
        }
        assertThat(this.client.subscriptions()).containsExactlyInAnyOrder(PUSH_TOPIC, PLATFORM_EVENT, CHANGE_EVENTS,
                GENERIC);
        PublishedEvent push = this.emulator.publish(PUSH_TOPIC, "updated", Map.of("Name", "Acme"));
        PublishedEvent platform = this.emulator.publish(PLATFORM_EVENT, Map.of("Amount__c", 12));
        PublishedEvent change = this.emulator.publish(CHANGE_EVENTS, Map.of("Name", "Globex"));
        PublishedEvent generic = this.emulator.publish(GENERIC, "{\"hello\":\"world\"}");

        List<StreamingEvent> received = receiveUntil(this.client, 4);

        StreamingEvent pushEvent = received.get(0);
        assertThat(pushEvent.channel()).isEqualTo(PUSH_TOPIC);
        assertThat(pushEvent.kind()).isEqualTo(ChannelKind.PUSH_TOPIC);
        assertThat(pushEvent.replayId().longValue()).isEqualTo(push.replayId());
        assertThat(pushEvent.eventType()).isEqualTo("updated");
        assertThat(pushEvent.payload()).containsEntry("Name", "Acme");
        assertThat(pushEvent.eventTime()).isEqualTo(push.createdAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        StreamingEvent platformEvent = received.get(1);
        assertThat(platformEvent.kind()).isEqualTo(ChannelKind.PLATFORM_EVENT);
        assertThat(platformEvent.replayId().longValue()).isEqualTo(platform.replayId());
        assertThat(platformEvent.payload()).containsEntry("Amount__c", 12L);
        assertThat(platformEvent.eventTime())
            .isEqualTo(platform.createdAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        StreamingEvent changeEvent = received.get(2);
        assertThat(changeEvent.kind()).isEqualTo(ChannelKind.CHANGE_DATA_CAPTURE);
        assertThat(changeEvent.replayId().longValue()).isEqualTo(change.replayId());
        assertThat(changeEvent.eventType()).isEqualTo("CREATE");
        assertThat(changeEvent.payload()).containsEntry("Name", "Globex").containsKey("ChangeEventHeader");
        assertThat(changeEvent.eventTime()).isNotNull();

        StreamingEvent genericEvent = received.get(3);
        assertThat(genericEvent.kind()).isEqualTo(ChannelKind.GENERIC);
        assertThat(genericEvent.replayId().longValue()).isEqualTo(generic.replayId());
        assertThat(genericEvent.payload()).containsEntry("hello", "world");
        assertThat(genericEvent.payloadJson()).isEqualTo("{\"hello\":\"world\"}");
        assertThat(genericEvent.eventTime())
            .isEqualTo(generic.createdAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void handshakeAsksForReplayAndEachSubscribeCarriesOnlyItsOwnChannel() {
        InMemoryReplayStore store = new InMemoryReplayStore();
        PublishedEvent stored = this.emulator.publish(PLATFORM_EVENT, Map.of("Amount__c", 1));
        store
            .save(Map.of(PLATFORM_EVENT, new io.sfstream.core.replay.ReplayPosition(stored.replayId(), Instant.now())));
        this.client = EmulatorSupport.clientBuilder(new CountingAuthenticator(this.emulator))
            .replayStore(store)
            .build();
        this.client.open();
        this.client.subscribe("/topic/AccountUpdates?Name=Acme");
        this.client.subscribe(PLATFORM_EVENT);
        this.client.subscribe(GENERIC, io.sfstream.core.replay.ReplayFrom.ALL_EVENTS);

        assertThat(this.emulator.observations().handshakes()).isNotEmpty()
            .allSatisfy((handshake) -> assertThat(handshake.ext()).containsEntry("replay", true));
        List<SubscribeObservation> subscribes = this.emulator.observations().subscribes();
        assertThat(subscribes).extracting(SubscribeObservation::subscription)
            .containsExactly("/topic/AccountUpdates?Name=Acme", PLATFORM_EVENT, GENERIC);
        assertThat(subscribes.get(0).replay()).isEqualTo(Map.of(PUSH_TOPIC, -1L));
        assertThat(subscribes.get(1).replay()).isEqualTo(Map.of(PLATFORM_EVENT, stored.replayId()));
        assertThat(subscribes.get(2).replay()).isEqualTo(Map.of(GENERIC, -2L));
    }

    @Test
    void aClosedClientOpensAgainAndResumesEachChannelFromItsCommittedPosition() {
        InMemoryReplayStore store = new InMemoryReplayStore();
        CountingAuthenticator authenticator = new CountingAuthenticator(this.emulator);
        this.client = EmulatorSupport.clientBuilder(authenticator).replayStore(store).build();
        this.client.open();
        this.client.subscribe(PLATFORM_EVENT);
        long first = this.emulator.publish(PLATFORM_EVENT, Map.of("Amount__c", 1)).replayId();
        StreamingEvent taken = receiveUntil(this.client, 1).get(0);
        assertThat(taken.replayId().longValue()).isEqualTo(first);
        this.client.commit(taken);
        this.client.close();
        assertThat(this.client.state()).isEqualTo(ConnectionState.CLOSED);
        long whileClosed = this.emulator.publish(PLATFORM_EVENT, Map.of("Amount__c", 2)).replayId();

        this.client.open();
        assertThat(this.client.subscriptions()).as("subscriptions do not survive close()").isEmpty();
        this.client.subscribe(PLATFORM_EVENT);
        long afterwards = this.emulator.publish(PLATFORM_EVENT, Map.of("Amount__c", 3)).replayId();
        assertThat(receiveUntil(this.client, 2)).extracting((received) -> received.replayId().longValue())
            .containsExactly(whileClosed, afterwards);
        assertThat(this.client.state()).isEqualTo(ConnectionState.CONNECTED);
    }

}
