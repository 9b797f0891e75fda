package io.sfstream.core.client.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sfstream.core.replay.ReplayKey;
import org.cometd.bayeux.Message;
import org.cometd.common.HashMapMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the messages of a Bayeux response (an array of message objects, or one object)
 * straight from Jackson's token stream. The values of a message on a channel that is not
 * a {@code /meta/} channel (an event, with its {@code data}) are built immutable as they
 * are read ({@link JsonObject}, {@link JsonArray}), so an event needs no copy nor
 * freezing afterwards; those of a {@code /meta/} message are plain {@code LinkedHashMap}s
 * and {@code ArrayList}s, which CometD may change. Integers are {@code Long}s (or
 * {@code BigInteger}s beyond), decimals {@code Double}s, as Jackson's untyped binding
 * with {@code USE_LONG_FOR_INTS} reads them. A channel carrying a PushTopic filter query
 * ({@code /topic/Foo?Type=Hot}, which CometD rejects as a channel id) is read as the
 * channel without it. One reader per response; not thread-safe.
 */
final class MessageReader {

    /**
     * Property names are canonical (one {@code String} per name, as by default) and
     * interned: the keys of messages and events are then the very constants CometD and
     * the client look them up with ({@code "channel"}, {@code "data"},
     * {@code "replayId"}), which hash maps and {@link JsonObject} find by identity
     * without comparing characters.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
        .enable(TokenStreamFactory.Feature.INTERN_PROPERTY_NAMES)
        .build();

    private static final String META_PREFIX = "/meta/";

    /**
     * The last channel read of each length (modulo the size), shared by every reader:
     * strings are immutable, so a racy read sees either a whole string or {@code null}.
     */
    private static final @Nullable String[] RECENT_CHANNELS = new String[16];

    /**
     * The keys and values of the objects and arrays being read, innermost last: an
     * object's entries are copied out into their own arrays when it ends.
     */
    private String[] keys = new String[64];

    private @Nullable Object[] values = new Object[64];

    private int top;

    private MessageReader() {
    }

    /**
     * Reads the messages of a response.
     * @param bytes the response, UTF-8
     * @param offset where it starts
     * @param length its length in bytes
     * @return the messages, in a list the caller may change
     * @throws JacksonException when the response is not JSON, or not Bayeux messages
     */
    static List<Message.Mutable> read(byte[] bytes, int offset, int length) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
            return new MessageReader().messages(parser);
        }
    }

    /**
     * Reads the messages of a response.
     * @param json the response
     * @return the messages, in a list the caller may change
     * @throws JacksonException when the response is not JSON, or not Bayeux messages
     */
    static List<Message.Mutable> read(String json) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            return new MessageReader().messages(parser);
        }
    }

    private List<Message.Mutable> messages(JsonParser parser) {
        JsonToken token = parser.nextToken();
        List<Message.Mutable> messages;
        if (token == JsonToken.START_ARRAY) {
            messages = new ArrayList<>();
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw new StreamReadException(parser, "Expected a Bayeux message (an object), found " + token);
                }
                messages.add(message(parser));
            }
        }
        else if (token == JsonToken.START_OBJECT) {
            messages = new ArrayList<>(1);
            messages.add(message(parser));
        }
        else {
            throw new StreamReadException(parser, "Expected Bayeux messages (an array or an object), found "
                    + ((token != null) ? token : "no content"));
        }
        token = parser.nextToken();
        if (token != null) {
            throw new StreamReadException(parser, "Unexpected " + token + " after the Bayeux messages");
        }
        return messages;
    }

    private Message.Mutable message(JsonParser parser) {
        HashMapMessage message = new HashMapMessage();
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken token = parser.nextToken();
            Object value = (token == JsonToken.VALUE_STRING && Message.CHANNEL_FIELD.equals(name)) ? channel(parser)
                    : value(parser, token);
            message.put(name, value);
        }
        Object channel = message.get(Message.CHANNEL_FIELD);
        if (!(channel instanceof String channelName) || channelName.startsWith(META_PREFIX)) {
            message.replaceAll((key, value) -> mutable(value));
        }
        else if (channelName.indexOf('?') > 0) {
            // A PushTopic event may name its channel with the subscription's filter
            // query, which is not a valid Bayeux channel id: deliver it on the channel
            // subscribed (the one without the query).
            message.setChannel(ReplayKey.of(channelName));
        }
        return message;
    }

    /**
     * Reads a message's channel, as the same {@code String} as the last message's of that
     * length when the characters are the same: CometD, then the client look the channel
     * up in hash maps several times per message, and a string seen before has its hash
     * code already (nor is it allocated again).
     */
    private static String channel(JsonParser parser) {
        char[] text = parser.getStringCharacters();
        int offset = parser.getStringOffset();
        int length = parser.getStringLength();
        int slot = length & (RECENT_CHANNELS.length - 1);
        String recent = RECENT_CHANNELS[slot];
        if (recent != null && recent.length() == length) {
            boolean same = true;
            for (int i = 0; i < length; i++) {
                if (recent.charAt(i) != text[offset + i]) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return recent;
            }
        }
        String channel = new String(text, offset, length);
        RECENT_CHANNELS[slot] = channel;
        return channel;
    }

    private @Nullable Object value(JsonParser parser, @Nullable JsonToken token) {
        if (token == null) {
            throw new StreamReadException(parser, "Unexpected end of the response");
        }
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT, LONG -> parser.getLongValue();
                default -> parser.getBigIntegerValue();
            };
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_EMBEDDED_OBJECT -> parser.getEmbeddedObject();
            default -> throw new StreamReadException(parser, "Unexpected " + token);
        };
    }

    private JsonObject object(JsonParser parser) {
        int base = this.top;
        String name;
        while ((name = parser.nextName()) != null) {
            Object value = value(parser, parser.nextToken());
            push(name, value);
        }
        JsonObject object = JsonObject.of(this.keys, this.values, base, this.top - base);
        release(base);
        return object;
    }

    private JsonArray array(JsonParser parser) {
        int base = this.top;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            Object item = value(parser, token);
            push("", item);
        }
        JsonArray array = JsonArray.of(this.values, base, this.top - base);
        release(base);
        return array;
    }

    private void push(String key, @Nullable Object value) {
        if (this.top == this.keys.length) {
            int grown = this.keys.length * 2;
            this.keys = Arrays.copyOf(this.keys, grown);
            this.values = Arrays.copyOf(this.values, grown);
        }
        this.keys[this.top] = key;
        this.values[this.top] = value;
        this.top++;
    }

    /**
     * Pops an object's or array's entries (left in place: the reader lives for one
     * response).
     */
    private void release(int base) {
        this.top = base;
    }

    /**
     * A deep, changeable copy of a value read: {@code LinkedHashMap}s and
     * {@code ArrayList}s, as Jackson's untyped binding builds them.
     */
    static @Nullable Object mutable(@Nullable Object value) {
        if (value instanceof JsonObject object) {
            Map<String, @Nullable Object> copy = new LinkedHashMap<>(Math.max(4, object.size() * 4 / 3 + 1));
            object.forEach((key, item) -> copy.put(key, mutable(item)));
            return copy;
        }
        if (value instanceof JsonArray array) {
            List<@Nullable Object> copy = new ArrayList<>(array.size());
            array.forEach((item) -> copy.add(mutable(item)));
            return copy;
        }
        return value;
    }

}
