package io.sfstream.spring.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of a fault suite run: one row per fault, printed to the test output and
 * written to {@code target/fault-report.md}. Thread-safe.
 */
final class FaultReport {

    /**
     * One fault's outcome.
     *
     * @param fault what was injected
     * @param published events published, all channels
     * @param processed distinct events processed
     * @param lost events never processed
     * @param expectedLost events the replay fallback skipped (lost must equal them)
     * @param duplicates deliveries of an event already processed
     * @param recoveryMillis from the fault to the first event published after it being
     * processed, slowest channel
     */
    record Row(String fault, int published, int processed, int lost, int expectedLost, int duplicates,
            long recoveryMillis) {

        String markdown() {
            String lostText = (this.expectedLost > 0) ? this.lost + " (skipped by fallback: " + this.expectedLost + ")"
                    : String.valueOf(this.lost);
            return "| " + this.fault + " | " + this.published + " | " + this.processed + " | " + lostText + " | "
                    + this.duplicates + " | " + this.recoveryMillis + " ms |";
        }
    }

    private final List<Row> rows = new ArrayList<>();

    private final Path file;

    FaultReport(Path file) {
        this.file = file;
    }

    synchronized void add(Row row) {
        this.rows.add(row);
    }

    synchronized String markdown() {
        StringBuilder table = new StringBuilder();
        table.append("| fault | published | processed | lost | duplicates | time to recover |\n");
        table.append("|---|---|---|---|---|---|\n");
        this.rows.forEach((row) -> table.append(row.markdown()).append('\n'));
        return table.toString();
    }

    /** Prints the table and writes it to the report file. */
    synchronized void publish() {
        String table = markdown();
        System.out.println("\nFault suite report\n\n" + table);
        try {
            Files.createDirectories(this.file.getParent());
            Files.writeString(this.file, "# Fault suite report\n\n" + table);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
