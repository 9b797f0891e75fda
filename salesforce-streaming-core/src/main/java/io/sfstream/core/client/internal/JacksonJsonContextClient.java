package io.sfstream.core.client.internal;

import java.nio.ByteBuffer;
import java.text.ParseException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.cometd.bayeux.Message;
import org.cometd.common.JSONContext;
import org.cometd.common.JettyJSONContextClient;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * Parses Bayeux responses with Jackson's token stream ({@link MessageReader}), buffering
 * a whole response first: several times cheaper per event than CometD 9's incremental
 * parser, which dominated the cost of receiving an event. The values of an event message
 * are built immutable as they are read, so the event needs no copy afterwards; those of
 * {@code /meta/} messages are plain maps and lists. Generating (the client's own small
 * requests) stays CometD's. Integers are {@code Long} as with CometD's parser; arrays
 * become lists rather than {@code Object[]}, which CometD and
 * {@link StreamingEventParser} accept alike. A message channel carrying a PushTopic
 * filter query ({@code /topic/Foo?Type=Hot}, which CometD rejects as a channel id and
 * which would fail the whole response) is delivered on the channel without it.
 * Thread-safe.
 */
public final class JacksonJsonContextClient extends JettyJSONContextClient {

    /**
     * A response buffer larger than this is not kept for the next response (Salesforce
     * sends batches of a few megabytes at most, under the 16 MB message limit).
     */
    private static final int KEPT_BUFFER_BYTES = 4 * 1024 * 1024;

    private static final int FIRST_BUFFER_BYTES = 8 * 1024;

    @Override
    public List<Message.Mutable> parse(String json) throws ParseException {
        try {
            return MessageReader.read(json);
        }
        catch (JacksonException ex) {
            ParseException failure = new ParseException(ex.getOriginalMessage(), 0);
            failure.initCause(ex);
            throw failure;
        }
    }

    /**
     * The buffer of the last response parsed, kept for the next one: growing a fresh
     * buffer to a batch's size for every response cost more allocation than the events
     * themselves.
     */
    private final AtomicReference<byte @Nullable []> spare = new AtomicReference<>();

    @Override
    public JSONContext.AsyncParser newAsyncParser() {
        return new BufferingParser(this.spare);
    }

    /**
     * Collects a response's bytes, then parses them at once. Takes the spare buffer when
     * there is one (responses may be parsed concurrently: the others grow their own), and
     * leaves its buffer as the spare when done.
     */
    private static final class BufferingParser implements JSONContext.AsyncParser {

        private final AtomicReference<byte @Nullable []> spare;

        private byte @Nullable [] bytes;

        private int length;

        BufferingParser(AtomicReference<byte @Nullable []> spare) {
            this.spare = spare;
        }

        @Override
        public void parse(ByteBuffer buffer) {
            int count = buffer.remaining();
            byte[] target = this.bytes;
            if (target == null) {
                target = this.spare.getAndSet(null);
                if (target == null) {
                    target = new byte[Math.max(FIRST_BUFFER_BYTES, count)];
                }
            }
            if (this.length + count > target.length) {
                target = Arrays.copyOf(target, Math.max(this.length + count, target.length * 2));
            }
            buffer.get(target, this.length, count);
            this.length += count;
            this.bytes = target;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> R complete() {
            byte[] content = (this.bytes != null) ? this.bytes : new byte[0];
            try {
                return (R) MessageReader.read(content, 0, this.length);
            }
            catch (JacksonException ex) {
                throw new IllegalArgumentException(ex);
            }
            finally {
                this.length = 0;
                this.bytes = null;
                if (content.length > 0 && content.length <= KEPT_BUFFER_BYTES) {
                    this.spare.set(content);
                }
            }
        }

    }

}
