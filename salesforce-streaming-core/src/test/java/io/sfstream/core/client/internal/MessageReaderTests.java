package io.sfstream.core.client.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cometd.bayeux.Message;
import org.cometd.common.JSONContext;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link MessageReader} and the {@link JacksonJsonContextClient} that drives it: the
 * messages of a response as Jackson's untyped binding reads them, immutable for events.
 */
class MessageReaderTests {

    private static final String EVENT = "{\"channel\":\"/data/AccountChangeEvent\",\"data\":{\"schema\":\"s\","
            + "\"payload\":{\"ChangeEventHeader\":{\"entityName\":\"Account\",\"changeType\":\"UPDATE\","
            + "\"commitTimestamp\":1767225600000,\"recordIds\":[\"001A\",\"001B\"],\"nested\":[{\"a\":[1,2.5,null]}]},"
            + "\"Name\":\"Acme \\\"Corp\\\" \\u00e9\\u20ac\",\"Amount__c\":12.5,\"Big__c\":123456789012345678901234567890,"
            + "\"Small__c\":-3,\"Flag__c\":true,\"Off__c\":false,\"Empty__c\":null,\"List__c\":[],\"Object__c\":{}},"
            + "\"event\":{\"replayId\":99}}}";

    private static final String CONNECT = "{\"channel\":\"/meta/connect\",\"successful\":true,\"id\":\"4\","
            + "\"advice\":{\"interval\":0,\"timeout\":110000,\"reconnect\":\"retry\"},\"ext\":{\"list\":[1]}}";

    /** What the core used before: Jackson's untyped binding, integers as longs. */
    private static final JsonMapper JSON = JsonMapper.builder()
        .enable(DeserializationFeature.USE_LONG_FOR_INTS)
        .build();

    @Test
    void readsWhatJacksonsUntypedBindingReads() throws Exception {
        // (Jackson fails on an integer beyond a long; the reader makes it a BigInteger.)
        String response = "[" + EVENT.replace("123456789012345678901234567890", "1") + "," + CONNECT + "]";
        List<Message.Mutable> messages = new JacksonJsonContextClient().parse(response);
        List<?> expected = JSON.readValue(response, List.class);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).isEqualTo(expected.get(0));
        assertThat(messages.get(1)).isEqualTo(expected.get(1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void numbersAreLongsBigIntegersAndDoubles() throws Exception {
        Message.Mutable event = new JacksonJsonContextClient().parse("[" + EVENT + "]").get(0);
        Map<String, Object> payload = (Map<String, Object>) event.getDataAsMap().get("payload");
        assertThat(payload.get("Small__c")).isEqualTo(-3L);
        assertThat(payload.get("Amount__c")).isEqualTo(12.5);
        assertThat(payload.get("Big__c")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(payload.get("Name")).isEqualTo("Acme \"Corp\" \u00e9\u20ac");
        assertThat(payload).containsEntry("Empty__c", null).containsEntry("Flag__c", true);
        assertThat(((Map<String, Object>) event.getDataAsMap().get("event")).get("replayId")).isEqualTo(99L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theValuesOfAnEventAreImmutableInTheOrderReceived() throws Exception {
        Message.Mutable event = new JacksonJsonContextClient().parse("[" + EVENT + "]").get(0);
        Map<String, Object> data = event.getDataAsMap();
        Map<String, Object> payload = (Map<String, Object>) data.get("payload");
        assertThat(payload.keySet()).containsExactly("ChangeEventHeader", "Name", "Amount__c", "Big__c", "Small__c",
                "Flag__c", "Off__c", "Empty__c", "List__c", "Object__c");
        Map<String, Object> header = (Map<String, Object>) payload.get("ChangeEventHeader");
        List<Object> ids = (List<Object>) header.get("recordIds");
        assertThatThrownBy(() -> data.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> payload.remove("Name")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> payload.remove("absent")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> header.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> payload.entrySet().iterator().remove())
            .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ids.add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ids.set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) payload.get("List__c")).clear())
            .isInstanceOf(UnsupportedOperationException.class);
        // The message itself is CometD's, which may change its top-level fields.
        event.put("extra", 1);
        assertThat(event.get("extra")).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theValuesOfAMetaMessageCanBeChangedAsCometdMayDo() throws Exception {
        Message.Mutable connect = new JacksonJsonContextClient().parse(CONNECT).get(0);
        assertThat(connect.getAdvice()).isInstanceOf(LinkedHashMap.class);
        connect.getAdvice().put("reconnect", "handshake");
        connect.getExt().put("replay", true);
        ((List<Object>) connect.getExt().get("list")).add(2);
        assertThat(connect.getExt()).containsEntry("list", List.of(1L, 2));
        assertThat(connect.getExt().get("list")).isInstanceOf(ArrayList.class);
    }

    @Test
    void aSingleMessageNeedNotBeInAnArray() throws Exception {
        List<Message.Mutable> messages = new JacksonJsonContextClient().parse(CONNECT);
        assertThat(messages).singleElement().extracting(Message::getChannel).isEqualTo("/meta/connect");
        messages.add(messages.get(0));
        assertThat(messages).hasSize(2);
    }

    @Test
    void aChannelReadAgainIsTheSameString() throws Exception {
        JacksonJsonContextClient json = new JacksonJsonContextClient();
        String first = json.parse("[" + EVENT + "]").get(0).getChannel();
        String again = json.parse("[" + EVENT + "]").get(0).getChannel();
        assertThat(again).isEqualTo("/data/AccountChangeEvent").isSameAs(first);
        // Another channel of the same length, then the first again.
        String other = json.parse("[{\"channel\":\"/data/AccountChangeEvenX\",\"data\":{}}]").get(0).getChannel();
        assertThat(other).isEqualTo("/data/AccountChangeEvenX");
        assertThat(json.parse("[" + EVENT + "]").get(0).getChannel()).isEqualTo("/data/AccountChangeEvent");
        assertThat(json.parse("[{\"channel\":\"/meta/connect\",\"successful\":true}]").get(0).getChannel())
            .isEqualTo("/meta/connect");
        assertThat(json.parse("[{\"channel\":\"/u/\\u00e9t\u00e9\",\"data\":{}}]").get(0).getChannel())
            .isEqualTo("/u/\u00e9t\u00e9");
    }

    @Test
    @SuppressWarnings("unchecked")
    void keysAreTheInternedConstantsTheyAreLookedUpWith() throws Exception {
        Message.Mutable event = new JacksonJsonContextClient().parse("[" + EVENT + "]").get(0);
        assertThat(event.keySet()).allSatisfy((key) -> assertThat(key).isSameAs(key.intern()));
        Map<String, Object> data = event.getDataAsMap();
        assertThat(data.keySet()).contains("payload").allSatisfy((key) -> assertThat(key).isSameAs(key.intern()));
        Map<String, Object> payload = (Map<String, Object>) data.get("payload");
        assertThat(payload.keySet()).allSatisfy((key) -> assertThat(key).isSameAs(key.intern()));
        // A key equal to one of the object's but not the same string is found all the
        // same.
        assertThat(payload.get(new String("Small__c"))).isEqualTo(-3L);
    }

    @Test
    void aPushTopicFilterQueryIsTakenOffTheChannel() throws Exception {
        Message.Mutable event = new JacksonJsonContextClient()
            .parse("[{\"data\":{\"event\":{\"replayId\":1}},\"channel\":\"/topic/Hot?Type=Warm\"}]")
            .get(0);
        assertThat(event.getChannel()).isEqualTo("/topic/Hot");
    }

    @Test
    void aKeyTwiceKeepsItsFirstPlaceAndLastValueAsALinkedHashMapDoes() throws Exception {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 20; i++) {
            many.append("\"k").append(i).append("\":").append(i).append(',');
        }
        many.append("\"k3\":\"last\"}");
        for (String object : List.of("{\"a\":1,\"b\":2,\"a\":3}", many.toString())) {
            String response = "[{\"channel\":\"/event/E__e\",\"data\":" + object + "}]";
            Message.Mutable event = new JacksonJsonContextClient().parse(response).get(0);
            Map<?, ?> expected = (Map<?, ?>) ((Map<?, ?>) JSON.readValue(response, List.class).get(0)).get("data");
            assertThat(event.getDataAsMap()).isEqualTo(expected);
            assertThat(new ArrayList<Object>(event.getDataAsMap().keySet()))
                .isEqualTo(new ArrayList<Object>(expected.keySet()));
            assertThat(event.getDataAsMap()).hasSameSizeAs(expected);
        }
    }

    @Test
    void whatIsNotBayeuxMessagesFailsTheResponse() {
        JacksonJsonContextClient json = new JacksonJsonContextClient();
        for (String response : List.of("", "not json", "[" + EVENT, "[1,2]", "[null]", "\"text\"", "[" + EVENT + "]]",
                "[" + EVENT + "] {}")) {
            assertThatThrownBy(() -> json.parse(response)).as(response).isInstanceOf(java.text.ParseException.class);
            JSONContext.AsyncParser parser = json.newAsyncParser();
            parser.parse(ByteBuffer.wrap(response.getBytes(StandardCharsets.UTF_8)));
            assertThatThrownBy(parser::complete).as(response)
                .isInstanceOf(IllegalArgumentException.class)
                .hasCauseInstanceOf(JacksonException.class);
        }
    }

    @Test
    void aResponseFedInPiecesReadsAsAWholeAndTheKeptBufferHoldsNothingOfTheLastOne() throws Exception {
        JacksonJsonContextClient json = new JacksonJsonContextClient();
        StringBuilder large = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            large.append(EVENT).append(',');
        }
        large.append(CONNECT).append(']');
        for (String response : List.of(large.toString(), "[" + CONNECT + "]", "[" + EVENT + "]")) {
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            JSONContext.AsyncParser parser = json.newAsyncParser();
            for (int offset = 0; offset < bytes.length; offset += 1000) {
                parser.parse(ByteBuffer.wrap(bytes, offset, Math.min(1000, bytes.length - offset)));
            }
            List<Message.Mutable> messages = parser.complete();
            assertThat(messages).isEqualTo(json.parse(response));
        }
    }

}
