package io.sfstream.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.sfstream.benchmarks.consumer.ConsumerMain;
import io.sfstream.benchmarks.consumer.ConsumerSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * A consumer running in its own JVM, and what it reports on its standard output.
 */
final class ConsumerProcess implements AutoCloseable {

    private final Process process;

    private final Path log;

    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private final CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();

    private final Object progress = new Object();

    private long acked;

    private int phasesDone;

    private ConsumerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::read, "consumer-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static ConsumerProcess start(List<String> jvmFlags, String classpath, ConsumerSettings settings, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        // The EMP-style peer: CometD 4 and Jetty 9.4, on a class path of their own.
        command.add(settings.kind().empClassPath() ? EmpPeer.classPath() : classpath);
        command.add(ConsumerMain.class.getName());
        command.addAll(settings.toArguments());
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new ConsumerProcess(process, log);
    }

    @SuppressWarnings("unchecked")
    private void read() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals("@@READY")) {
                    this.ready.complete(null);
                }
                else if (line.startsWith("@@ACK ")) {
                    synchronized (this.progress) {
                        this.acked = Long.parseLong(line.substring(6));
                        this.progress.notifyAll();
                    }
                }
                else if (line.startsWith("@@PHASE ")) {
                    synchronized (this.progress) {
                        this.phasesDone = Integer.parseInt(line.substring(8)) + 1;
                        this.progress.notifyAll();
                    }
                }
                else if (line.startsWith("@@RESULT ")) {
                    this.result.complete(JsonMapper.builder().build().readValue(line.substring(9), Map.class));
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            this.result.completeExceptionally(ex);
        }
        IllegalStateException ended = new IllegalStateException(
                "The consumer process ended early; see " + this.log + ":\n" + tail());
        this.ready.completeExceptionally(ended);
        this.result.completeExceptionally(ended);
        synchronized (this.progress) {
            this.progress.notifyAll();
        }
    }

    private String tail() {
        try {
            List<String> all = Files.readAllLines(this.log);
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        }
        catch (IOException ex) {
            return "(no log)";
        }
    }

    void awaitReady(Duration timeout) throws Exception {
        this.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    long acked() {
        synchronized (this.progress) {
            return this.acked;
        }
    }

    /**
     * Waits until the consumer acknowledged more than {@code count} events, or a little
     * while.
     */
    void awaitAckedAbove(long count) throws InterruptedException {
        synchronized (this.progress) {
            if (this.acked <= count && this.process.isAlive()) {
                this.progress.wait(50);
            }
        }
        failIfDead();
    }

    void awaitPhase(int phase, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this.progress) {
            while (this.phasesDone <= phase) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IllegalStateException("Phase " + phase + " not done in " + timeout + " (acked "
                            + this.acked + "); see " + this.log + ":\n" + tail());
                }
                failIfDead();
                this.progress.wait(Math.min(left, 200));
            }
        }
    }

    private void failIfDead() {
        if (this.result.isCompletedExceptionally()) {
            this.result.join();
        }
    }

    Map<String, Object> awaitResult(Duration timeout) throws Exception {
        Map<String, Object> values = this.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        this.process.waitFor(10, TimeUnit.SECONDS);
        return values;
    }

    @Override
    public void close() {
        if (this.process.isAlive()) {
            this.process.destroyForcibly();
        }
    }

}
