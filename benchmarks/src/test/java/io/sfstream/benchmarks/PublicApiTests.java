package io.sfstream.benchmarks;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The benchmark clients measure what users get, through public API only. The JMH
 * microbenchmarks of {@code io.sfstream.benchmarks.jmh} are the one exception: they time
 * the core's internal hot-path classes (the event parser, the replay committer) on their
 * own.
 */
class PublicApiTests {

    @Test
    void theBenchmarkClientsUseNoInternalPackage() {
        noClasses().that()
            .resideOutsideOfPackage("io.sfstream.benchmarks.jmh..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.sfstream.core..internal..", "io.sfstream.emulator.internal..")
            .check(new ClassFileImporter().importPackages("io.sfstream.benchmarks"));
    }

}
