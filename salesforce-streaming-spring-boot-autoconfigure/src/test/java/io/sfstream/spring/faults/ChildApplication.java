package io.sfstream.spring.faults;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link FaultApplication} as its own program, for the faults that kill the JVM. The
 * first argument is the file where each processed event is appended as a line
 * ({@code P|H channel seq epochMillis}); the others are {@code --property=value}
 * arguments. The application runs until its JVM is killed.
 */
public final class ChildApplication {

    private ChildApplication() {
    }

    public static void main(String[] args) throws IOException {
        FileSink sink = new FileSink(new FileOutputStream(args[0], true));
        List<String> properties = Arrays.stream(args).skip(1).map((arg) -> arg.substring(2)).toList();
        FaultApplications.run(properties, sink, new ListenerFaults());
    }

    /**
     * Appends one line per event, unbuffered: a line is in the file once the write call
     * returns.
     */
    private record FileSink(FileOutputStream out) implements ProcessedSink {

        @Override
        public void processed(String channel, int seq) {
            write("P", channel, seq);
        }

        @Override
        public void handled(String channel, int seq) {
            write("H", channel, seq);
        }

        private synchronized void write(String kind, String channel, int seq) {
            try {
                this.out.write((kind + " " + channel + " " + seq + " " + System.currentTimeMillis() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

}
