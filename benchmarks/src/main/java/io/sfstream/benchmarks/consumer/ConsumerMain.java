package io.sfstream.benchmarks.consumer;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of a consumer process. Prints {@code @@READY} once subscribed,
 * {@code @@ACK n} as events arrive, {@code @@PHASE k} when a phase is complete,
 * {@code @@STALLED} when it stalls, then {@code @@RESULT {json}}. Everything else (logs)
 * goes to standard error.
 *
 * <p>
 * The EMP-style peer runs this class too, on a class path with CometD 4 and Jetty 9.4 and
 * without this module's dependencies: it and the classes it uses ({@link Recorder},
 * {@link Probes}, {@link Json}, {@link ConsumerSettings}, {@link ConsumerKind},
 * {@code Clocks}) use the JDK only. The JVM resolves the class of a {@code new} only when
 * it runs, so the consumers of the other kinds are never loaded in the peer's JVM; the
 * peer's class, compiled apart, is loaded by name.
 */
public final class ConsumerMain {

    /** The EMP-style peer's class, in {@code src/emp/java}. */
    static final String EMP_STYLE_CLASS = "io.sfstream.benchmarks.emp.EmpStyleConsumer";

    private ConsumerMain() {
    }

    /**
     * Runs one consumer.
     * @param args the {@link ConsumerSettings} as {@code key=value} pairs
     * @throws Exception when the run fails
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        System.setOut(System.err);
        ConsumerSettings settings = ConsumerSettings.parse(args);
        Recorder recorder = new Recorder(out, settings.phases(), settings.stallAfterPhase(), settings.stallMillis());
        long startNanos = System.nanoTime();
        Map<String, Object> result = new LinkedHashMap<>();
        try (Consumer consumer = create(settings, recorder)) {
            consumer.start();
            result.put("startSeconds", (System.nanoTime() - startNanos) / 1e9);
            out.println("@@READY");
            recorder.awaitDone();
            result.putAll(recorder.result());
        }
        result.put("kind", settings.kind().name());
        result.put("store", settings.store());
        result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        result.put("finalPeakRssBytes", Probes.peakRssBytes());
        out.println("@@RESULT " + Json.write(result));
        out.flush();
        System.exit(0);
    }

    private static Consumer create(ConsumerSettings settings, Recorder recorder) throws ReflectiveOperationException {
        return switch (settings.kind()) {
            case BARE_COMETD -> new BareCometdConsumer(settings, recorder);
            case EMP_STYLE -> (Consumer) Class.forName(EMP_STYLE_CLASS)
                .getConstructor(ConsumerSettings.class, Recorder.class)
                .newInstance(settings, recorder);
            case CORE_RECEIVE -> new CoreConsumer(settings, recorder, false);
            case CORE_LISTENER -> new CoreConsumer(settings, recorder, true);
            case SPRING_LISTENER -> new SpringConsumer(settings, recorder);
            case PUBSUB_RECEIVE -> new PubSubConsumer(settings, recorder);
        };
    }

}
