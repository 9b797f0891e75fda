package io.sfstream.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.sfstream.benchmarks.consumer.ConsumerMain;

/**
 * The class path of the EMP-style peer's JVM: CometD 4 and Jetty 9.4 cannot share one
 * with CometD 9 and Jetty 12. The build puts the peer's libraries in
 * {@code target/emp-peer/lib} and its classes in {@code target/emp-peer/classes}; the
 * peer also needs this module's JDK-only consumer classes ({@code ConsumerMain},
 * {@code Recorder}, {@code Probes}...), from {@code target/classes}.
 * {@code -Dbench.empClasspath=...} overrides it.
 */
final class EmpPeer {

    /** The system property that overrides the peer's class path. */
    static final String CLASSPATH_PROPERTY = "bench.empClasspath";

    private EmpPeer() {
    }

    /**
     * Returns the peer's class path.
     * @return the class path, entries separated by the platform's separator
     * @throws IllegalStateException when the build did not make it
     */
    static String classPath() {
        String override = System.getProperty(CLASSPATH_PROPERTY);
        if (override != null && !override.isBlank()) {
            return override;
        }
        Path classes = moduleClasses();
        Path peer = classes.resolveSibling("emp-peer");
        Path peerClasses = peer.resolve("classes");
        Path lib = peer.resolve("lib");
        if (!Files.isDirectory(peerClasses.resolve("io")) || !Files.isDirectory(lib)) {
            throw new IllegalStateException("The EMP-style peer is not built (no " + peerClasses + " or " + lib
                    + "): run ./mvnw -pl benchmarks -am package -DskipTests");
        }
        List<String> entries = new ArrayList<>(List.of(peerClasses.toString(), classes.toString()));
        try (Stream<Path> jars = Files.list(lib)) {
            jars.filter((jar) -> jar.toString().endsWith(".jar"))
                .sorted()
                .forEach((jar) -> entries.add(jar.toString()));
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot list " + lib, ex);
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Names the peer's libraries, for the results.
     * @return the jar file names in {@code target/emp-peer/lib}, or an empty list when it
     * is not built
     */
    static List<String> libraries() {
        Path lib = moduleClasses().resolveSibling("emp-peer").resolve("lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.map((jar) -> jar.getFileName().toString())
                .filter((name) -> name.endsWith(".jar"))
                .sorted()
                .toList();
        }
        catch (IOException ex) {
            return List.of();
        }
    }

    /**
     * This module's compiled classes ({@code target/classes}), where the consumer classes
     * were loaded from.
     */
    private static Path moduleClasses() {
        try {
            return Path.of(ConsumerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toAbsolutePath();
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
