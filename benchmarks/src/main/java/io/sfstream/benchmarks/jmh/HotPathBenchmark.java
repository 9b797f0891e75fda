package io.sfstream.benchmarks.jmh;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sfstream.benchmarks.ChangeEvents;
import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.client.internal.JacksonJsonContextClient;
import io.sfstream.core.client.internal.SalesforceEvent;
import io.sfstream.core.client.internal.StreamingEventParser;
import io.sfstream.spring.ReplayId;
import io.sfstream.spring.listener.ListenerMethodInvoker;
import org.cometd.bayeux.Message;
import org.cometd.common.HashMapMessage;
import org.cometd.common.JSONContext;
import org.cometd.common.JettyJSONContextClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The per-event hot path, in microseconds per event: parsing a long-poll response of
 * {@value #EVENTS} events with CometD 9's parser and with Jackson, building the
 * {@code StreamingEvent} (replay id, event time, payload copy and JSON), and converting
 * the payload to a record as the starter does.
 * {@code java -cp ... org.openjdk.jmh.Main HotPathBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmark {

    static final int EVENTS = 200;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final ObjectReader JACKSON_MESSAGES = JsonMapper.builder()
        .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, DeserializationFeature.USE_LONG_FOR_INTS)
        .build()
        .readerFor(HashMapMessage[].class);

    private static final int CHUNK = 16 * 1024;

    private final JettyJSONContextClient cometd = new JettyJSONContextClient();

    private final JacksonJsonContextClient core = new JacksonJsonContextClient();

    private final StreamingEventParser parser = new StreamingEventParser();

    private String response;

    private byte[] responseBytes;

    private Message.Mutable message;

    private SalesforceEvent event;

    /**
     * The event as the core builds it from a message parsed by Jackson: views over the
     * parser's maps.
     */
    private SalesforceEvent ownedEvent;

    private HashMapMessage jacksonMessage;

    private final Listener listener = new Listener();

    private ListenerMethodInvoker invoker;

    /**
     * A {@code @SalesforceListener} method as the benchmark's Spring application declares
     * it.
     */
    public static final class Listener {

        AccountChange last;

        public void onChange(AccountChange change, @ReplayId long replayId) {
            this.last = change;
        }

    }

    /** A record as an application declares it. */
    @SuppressWarnings("checkstyle:RecordComponentName")
    public record AccountChange(String Name, String Industry, Double AnnualRevenue, Integer NumberOfEmployees,
            String BillingCity, long SentMicros__c) {
    }

    @Setup
    public void setUp() throws Exception {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Map<String, Object> fields = new java.util.LinkedHashMap<>(ChangeEvents.account(1L));
            Map<String, Object> payload = new java.util.LinkedHashMap<>();
            payload.put("ChangeEventHeader",
                    Map.of("entityName", "Account", "recordIds", List.of("001Hs000001"), "changeType", "CREATE",
                            "commitTimestamp", 1_767_000_000_000L, "commitUser", "005Hs00000A1b2c", "transactionKey",
                            "0001f2a7-5f0c-4c8a-9b1d", "sequenceNumber", 1, "changedFields", List.of()));
            payload.putAll(fields);
            messages.add(Map.of("channel", ChangeEvents.CHANNEL, "data", Map.of("schema", "Rf5M9vQj2bN1uK0xwqP8dA",
                    "payload", payload, "event", Map.of("replayId", 1000L + i))));
        }
        this.response = JSON.writeValueAsString(messages);
        this.responseBytes = this.response.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.message = this.cometd.parse(this.response).get(0);
        this.event = (SalesforceEvent) this.parser.parse(this.message, ChannelKind.CHANGE_DATA_CAPTURE).event();
        this.jacksonMessage = JACKSON_MESSAGES.<HashMapMessage[]>readValue(this.responseBytes)[0];
        this.ownedEvent = this.parser.parseOwned(this.jacksonMessage, ChannelKind.CHANGE_DATA_CAPTURE).event();
        this.invoker = new ListenerMethodInvoker(this.listener,
                Listener.class.getMethod("onChange", AccountChange.class, long.class), JSON);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public List<Message.Mutable> responseParseCometd() throws Exception {
        return this.cometd.parse(this.response);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public HashMapMessage[] responseParseJackson() {
        return JACKSON_MESSAGES.readValue(this.responseBytes);
    }

    /**
     * The core's response parsing as the transport drives it: the response fed in chunks
     * of 16 KB (as Jetty hands them over), then parsed into messages.
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public List<Message.Mutable> responseParseCore() {
        JSONContext.AsyncParser parser = this.core.newAsyncParser();
        for (int offset = 0; offset < this.responseBytes.length; offset += CHUNK) {
            parser.parse(
                    ByteBuffer.wrap(this.responseBytes, offset, Math.min(CHUNK, this.responseBytes.length - offset)));
        }
        return parser.complete();
    }

    @Benchmark
    public StreamingEventParser.Result eventParse() {
        return this.parser.parse(this.message, ChannelKind.CHANGE_DATA_CAPTURE);
    }

    /**
     * As the core does for every message of a response parsed by Jackson (the parser only
     * reads the message).
     */
    @Benchmark
    public StreamingEventParser.Result eventParseOwned() {
        return this.parser.parseOwned(this.jacksonMessage, ChannelKind.CHANGE_DATA_CAPTURE);
    }

    @Benchmark
    public AccountChange pojoConversion() {
        return JSON.convertValue(this.event.payload(), AccountChange.class);
    }

    @Benchmark
    public AccountChange pojoConversionOwned() {
        return JSON.convertValue(this.ownedEvent.payload(), AccountChange.class);
    }

    /**
     * What the starter does per event and listener: resolve the arguments (the record
     * among them) and call.
     */
    @Benchmark
    public AccountChange listenerInvoke() throws Exception {
        this.invoker.invoke(this.ownedEvent);
        return this.listener.last;
    }

    @Benchmark
    public AccountChange pojoFromPayloadJson() {
        return JSON.readValue(this.event.payloadJson(), AccountChange.class);
    }

}
