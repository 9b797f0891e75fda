package io.sfstream.spring.faults;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ChildApplication} in its own JVM, whose processed events are read back into a
 * {@link ProcessedLog} as the child appends them. {@link #kill()} stops the JVM abruptly:
 * no shutdown hook, no graceful stop, no flush.
 */
final class ChildApplicationProcess implements AutoCloseable {

    private final Process process;

    private final Path output;

    private final ProcessedLog log;

    private final Thread tailer;

    private volatile boolean tailing = true;

    private long position;

    private ChildApplicationProcess(Process process, Path output, ProcessedLog log) {
        this.process = process;
        this.output = output;
        this.log = log;
        this.tailer = new Thread(this::tail, "child-output-tailer");
        this.tailer.setDaemon(true);
        this.tailer.start();
    }

    /**
     * Starts the child.
     * @param properties the application's properties
     * @param output the file the child appends processed events to (kept across restarts)
     * @param console where the child's console goes
     * @param log where the processed events are read back into
     */
    static ChildApplicationProcess start(List<String> properties, Path output, Path console, ProcessedLog log)
            throws IOException {
        if (!Files.exists(output)) {
            Files.createFile(output);
        }
        List<String> command = new ArrayList<>(
                List.of(ChildApplication.javaExecutable().toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                        System.getProperty("java.class.path"), ChildApplication.class.getName(), output.toString()));
        properties.forEach((property) -> command.add("--" + property));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
            .start();
        ChildApplicationProcess child = new ChildApplicationProcess(process, output, log);
        child.position = Files.size(output);
        return child;
    }

    boolean isAlive() {
        return this.process.isAlive();
    }

    /**
     * Kills the JVM at once (SIGKILL), reads what it wrote before dying and cuts a line
     * it left half-written, so the next child appends whole lines.
     */
    void kill() throws InterruptedException, IOException {
        this.process.destroyForcibly();
        this.process.waitFor(30, TimeUnit.SECONDS);
        stopTailing();
        try (RandomAccessFile file = new RandomAccessFile(this.output.toFile(), "rw")) {
            file.setLength(this.position);
        }
    }

    private void stopTailing() throws InterruptedException {
        this.tailing = false;
        this.tailer.join(5_000);
        readNewLines();
    }

    private void tail() {
        while (this.tailing) {
            readNewLines();
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                return;
            }
        }
    }

    /**
     * Reads the complete lines appended since the last read; a line cut by a kill is not
     * an event processed.
     */
    private synchronized void readNewLines() {
        try (RandomAccessFile file = new RandomAccessFile(this.output.toFile(), "r")) {
            long length = file.length();
            if (length <= this.position) {
                return;
            }
            byte[] bytes = new byte[(int) (length - this.position)];
            file.seek(this.position);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return;
            }
            for (String line : text.substring(0, end).split("\n")) {
                String[] parts = line.split(" ");
                this.log.add(new ProcessedLog.Entry(parts[1], Integer.parseInt(parts[2]), Long.parseLong(parts[3]),
                        parts[0].equals("H")));
            }
            this.position += text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (this.process.isAlive()) {
            this.process.destroy();
            if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
                this.process.destroyForcibly();
                this.process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        stopTailing();
    }

}
