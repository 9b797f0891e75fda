package io.sfstream.core.client.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sfstream.core.client.ChannelKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingEventParserTests {

    private final StreamingEventParser parser = new StreamingEventParser();

    @Test
    void pushTopicEventTakesReplayIdTimeTypeAndSobject() {
        Map<String, Object> message = Map.of("channel", "/topic/AccountUpdates", "data",
                Map.of("event", Map.of("createdDate", "2026-11-20T13:44:56.891Z", "replayId", 7L, "type", "updated"),
                        "sobject", Map.of("Id", "001", "Name", "Acme")));
        StreamingEventParser.Result result = this.parser.parse(message, ChannelKind.PUSH_TOPIC);
        SalesforceEvent event = result.event();
        assertThat(result.problems()).isEmpty();
        assertThat(event).isNotNull();
        assertThat(event.kind()).isEqualTo(ChannelKind.PUSH_TOPIC);
        assertThat(event.replayId().longValue()).isEqualTo(7L);
        assertThat(event.eventTime()).isEqualTo(Instant.parse("2026-11-20T13:44:56.891Z"));
        assertThat(event.eventType()).isEqualTo("updated");
        assertThat(event.payload()).containsEntry("Name", "Acme");
        assertThat(event.payloadJson()).contains("\"Name\":\"Acme\"");
        assertThat(event.message()).containsEntry("channel", "/topic/AccountUpdates");
    }

    @Test
    void platformEventTimeComesFromPayloadCreatedDate() {
        Map<String, Object> message = Map.of("channel", "/event/Order_Placed__e", "data",
                Map.of("schema", "abc", "payload",
                        Map.of("CreatedDate", "2026-01-02T03:04:05.000+0000", "Amount__c", 12), "event",
                        Map.of("replayId", 42, "EventUuid", "u-1")));
        SalesforceEvent event = this.parser.parse(message, ChannelKind.PLATFORM_EVENT).event();
        assertThat(event).isNotNull();
        assertThat(event.kind()).isEqualTo(ChannelKind.PLATFORM_EVENT);
        assertThat(event.replayId().longValue()).isEqualTo(42L);
        assertThat(event.eventTime()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(event.payload()).containsEntry("Amount__c", 12).containsKey("CreatedDate");
        assertThat(event.eventType()).isNull();
    }

    @Test
    void changeEventTimeIsCommitTimestampAndTypeIsChangeType() {
        Map<String, Object> header = Map.of("entityName", "Account", "changeType", "UPDATE", "commitTimestamp",
                1767225600000L, "recordIds", new Object[] { "001A", "001B" });
        Map<String, Object> message = Map.of("channel", "/data/AccountChangeEvent", "data", Map.of("schema", "s",
                "payload", Map.of("ChangeEventHeader", header, "Name", "Acme"), "event", Map.of("replayId", "99")));
        SalesforceEvent event = this.parser.parse(message, ChannelKind.CHANGE_DATA_CAPTURE).event();
        assertThat(event).isNotNull();
        assertThat(event.replayId().longValue()).isEqualTo(99L);
        assertThat(event.eventTime()).isEqualTo(Instant.ofEpochMilli(1767225600000L));
        assertThat(event.eventType()).isEqualTo("UPDATE");
        @SuppressWarnings("unchecked")
        Map<String, Object> parsedHeader = (Map<String, Object>) event.payload().get("ChangeEventHeader");
        assertThat(parsedHeader.get("recordIds")).isEqualTo(List.of("001A", "001B"));
        assertThat(event.payloadJson()).contains("\"recordIds\":[\"001A\",\"001B\"]");
    }

    @Test
    void genericEventPayloadStringIsParsedWhenJsonAndWrappedOtherwise() {
        Map<String, Object> json = Map.of("channel", "/u/Notifications", "data", Map.of("event",
                Map.of("createdDate", "2026-11-20T13:44:56.891Z", "replayId", 3), "payload", "{\"a\":1}"));
        SalesforceEvent parsed = this.parser.parse(json, ChannelKind.GENERIC).event();
        assertThat(parsed).isNotNull();
        assertThat(parsed.payload()).containsEntry("a", 1);
        assertThat(parsed.payloadJson()).isEqualTo("{\"a\":1}");
        assertThat(parsed.eventTime()).isEqualTo(Instant.parse("2026-11-20T13:44:56.891Z"));

        Map<String, Object> text = Map.of("channel", "/u/Notifications", "data",
                Map.of("event", Map.of("replayId", 4), "payload", "hello"));
        SalesforceEvent wrapped = this.parser.parse(text, ChannelKind.GENERIC).event();
        assertThat(wrapped).isNotNull();
        assertThat(wrapped.payload()).isEqualTo(Map.of("payload", "hello"));
        assertThat(wrapped.payloadJson()).isEqualTo("hello");
    }

    @Test
    void messageWithoutDataIsStillAnEventWithoutReplayId() {
        StreamingEventParser.Result result = this.parser.parse(Map.of("channel", "/topic/X"), ChannelKind.PUSH_TOPIC);
        assertThat(result.event()).isNotNull();
        assertThat(result.event().replayId()).isNull();
        assertThat(result.event().data()).isEmpty();
        assertThat(result.event().payload()).isEmpty();
        assertThat(result.problems()).anyMatch((problem) -> problem.contains("no data"));
    }

    @Test
    void unusableReplayIdsAreReportedAndLeftOut() {
        for (Object bad : new Object[] { "abc", 1.5, -3, Map.of(), true }) {
            Map<String, Object> event = new HashMap<>();
            event.put("replayId", bad);
            Map<String, Object> message = Map.of("channel", "/event/E__e", "data",
                    Map.of("event", event, "payload", Map.of("CreatedDate", "not a date")));
            StreamingEventParser.Result result = this.parser.parse(message, ChannelKind.PLATFORM_EVENT);
            assertThat(result.event()).as("replayId %s", bad).isNotNull();
            assertThat(result.event().replayId()).as("replayId %s", bad).isNull();
            assertThat(result.event().eventTime()).isNull();
            assertThat(result.problems()).as("replayId %s", bad).isNotEmpty();
        }
    }

    @Test
    void replayIdZeroIsAUsableReplayId() {
        Map<String, Object> message = Map.of("channel", "/u/N", "data", Map.of("event", Map.of("replayId", 0)));
        assertThat(this.parser.parse(message, ChannelKind.GENERIC).event().replayId().longValue()).isZero();
    }

    @Test
    void messageWithoutChannelCannotBeRepresented() {
        StreamingEventParser.Result result = this.parser.parse(Map.of("data", Map.of()), ChannelKind.GENERIC);
        assertThat(result.event()).isNull();
        assertThat(result.problems()).isNotEmpty();
    }

    @Test
    void filteredPushTopicChannelKeepsItsQueryButIsKeyedWithoutIt() {
        Map<String, Object> message = Map.of("channel", "/topic/Foo?Type=Hot", "data",
                Map.of("event", Map.of("replayId", 5)));
        SalesforceEvent event = this.parser.parse(message, ChannelKind.PUSH_TOPIC).event();
        assertThat(event.channel()).isEqualTo("/topic/Foo?Type=Hot");
        assertThat(event.replayKey()).isEqualTo("/topic/Foo");
    }

    @Test
    void toStringShowsNoPayload() {
        Map<String, Object> message = Map.of("channel", "/topic/X", "data",
                Map.of("event", Map.of("replayId", 1), "sobject", Map.of("Secret__c", "hunter2")));
        assertThat(this.parser.parse(message, ChannelKind.PUSH_TOPIC).event().toString()).doesNotContain("hunter2");
    }

}
