package io.sfstream.benchmarks.consumer;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Entry point of a consumer process. Prints {@code @@READY} once subscribed, {@code @@ACK n} as events arrive,
 * {@code @@PHASE k} when a phase is complete, {@code @@STALLED} when it stalls, then {@code @@RESULT {json}}.
 * Everything else (logs) goes to standard error.
 */
public final class ConsumerMain {

    private ConsumerMain() {
    }

    /**
     * Runs one consumer.
     *
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
        out.println("@@RESULT " + JsonMapper.builder().build().writeValueAsString(result));
        out.flush();
        System.exit(0);
    }

    private static Consumer create(ConsumerSettings settings, Recorder recorder) {
        return switch (settings.kind()) {
            case BARE_COMETD -> new BareCometdConsumer(settings, recorder);
            case CORE_RECEIVE -> new CoreConsumer(settings, recorder, false);
            case CORE_LISTENER -> new CoreConsumer(settings, recorder, true);
            case SPRING_LISTENER -> new SpringConsumer(settings, recorder);
        };
    }
}
