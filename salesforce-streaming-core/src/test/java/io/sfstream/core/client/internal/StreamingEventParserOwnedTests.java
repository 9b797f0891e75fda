package io.sfstream.core.client.internal;

import java.util.List;
import java.util.Map;

import io.sfstream.core.client.ChannelKind;
import org.cometd.bayeux.Message;
import org.cometd.common.JettyJSONContextClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link StreamingEventParser#parseOwned} on messages as CometD parses them: same event,
 * unmodifiable throughout.
 */
class StreamingEventParserOwnedTests {

    private static final String RESPONSE = "[{\"channel\":\"/data/AccountChangeEvent\",\"data\":{\"schema\":\"s\","
            + "\"payload\":{\"ChangeEventHeader\":{\"entityName\":\"Account\",\"changeType\":\"UPDATE\","
            + "\"commitTimestamp\":1767225600000,\"recordIds\":[\"001A\",\"001B\"],\"nested\":[{\"a\":[1,2]}]},"
            + "\"Name\":\"Acme\",\"Amount__c\":12.5,\"Big__c\":12345678901},\"event\":{\"replayId\":99}}}]";

    private final StreamingEventParser parser = new StreamingEventParser();

    private Map<String, Object> parsed() throws Exception {
        List<Message.Mutable> messages = new JettyJSONContextClient().parse(RESPONSE);
        return messages.get(0);
    }

    @Test
    void ownedParseEqualsCopyingParse() throws Exception {
        SalesforceEvent copied = this.parser.parse(parsed(), ChannelKind.CHANGE_DATA_CAPTURE).event();
        SalesforceEvent owned = this.parser.parseOwned(parsed(), ChannelKind.CHANGE_DATA_CAPTURE).event();
        assertThat(owned).isNotNull();
        assertThat(copied).isNotNull();
        assertThat(owned.replayId().longValue()).isEqualTo(99L);
        assertThat(owned.eventType()).isEqualTo("UPDATE");
        assertThat(owned.eventTime()).isEqualTo(copied.eventTime());
        assertThat(owned.message()).isEqualTo(copied.message());
        assertThat(owned.payload()).isEqualTo(copied.payload());
        assertThat(owned.payloadJson()).isEqualTo(copied.payloadJson());
        assertThat(owned.message().keySet()).containsExactlyElementsOf(copied.message().keySet());
        assertThat(owned.payload().keySet()).containsExactlyElementsOf(copied.payload().keySet());
    }

    @Test
    @SuppressWarnings("unchecked")
    void ownedParseIsUnmodifiableWithArraysAsLists() throws Exception {
        SalesforceEvent event = this.parser.parseOwned(parsed(), ChannelKind.CHANGE_DATA_CAPTURE).event();
        assertThat(event).isNotNull();
        Map<String, Object> header = (Map<String, Object>) event.payload().get("ChangeEventHeader");
        assertThat(header.get("recordIds")).isInstanceOf(List.class).isEqualTo(List.of("001A", "001B"));
        List<Object> nested = (List<Object>) header.get("nested");
        Map<String, Object> inner = (Map<String, Object>) nested.get(0);
        List<Object> numbers = (List<Object>) inner.get("a");
        assertThatThrownBy(() -> event.message().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> event.data().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> event.payload().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> header.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) header.get("recordIds")).set(0, "x"))
            .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> nested.add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inner.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> numbers.set(0, 3)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void immutableInputIsCopiedNotMutated() {
        Map<String, Object> message = Map.of("channel", "/data/AccountChangeEvent", "data",
                Map.of("payload", Map.of("Name", "Acme", "ids", new Object[] { "a" }), "event", Map.of("replayId", 5)));
        SalesforceEvent event = this.parser.parseOwned(message, ChannelKind.CHANGE_DATA_CAPTURE).event();
        assertThat(event).isNotNull();
        assertThat(event.replayId().longValue()).isEqualTo(5L);
        assertThat(event.payload().get("ids")).isEqualTo(List.of("a"));
    }

}
