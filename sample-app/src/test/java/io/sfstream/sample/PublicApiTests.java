package io.sfstream.sample;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The sample application, which newcomers copy from, uses only public API.
 */
class PublicApiTests {

    @Test
    void theSampleUsesNoInternalPackage() {
        noClasses().should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.sfstream.core..internal..", "io.sfstream.emulator.internal..",
                    "io.sfstream.pubsub.internal..")
            .check(new ClassFileImporter().importPackages("io.sfstream.sample"));
    }

}
