package io.sfstream.spring.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the build enforces: the starter (its code and its tests) uses only the core's and
 * the emulator's public API, never a class of an {@code internal} package; and every
 * class of the repository logs through a logger of its own.
 */
class HouseRulesTests {

    private static final JavaClasses STARTER = new ClassFileImporter().importPackages("io.sfstream.spring");

    /**
     * A class's logger field; tests that look up another class's logger to watch it are
     * not concerned.
     */
    private static final Pattern TEST_METHOD = Pattern
        .compile("@(?:[\\w.]+\\.)?(?:Test|ParameterizedTest|RepeatedTest|TestFactory)\\b");

    private static final Pattern ABSTRACT_CLASS = Pattern.compile("^\\s*(?:public\\s+)?abstract\\s+class\\s",
            Pattern.MULTILINE);

    private static final Pattern LOGGER = Pattern.compile(
            "static\\s+final\\s+(?:[\\w.]+\\.)?Logger\\s+\\w+\\s*=\\s*LoggerFactory\\.getLogger\\(\\s*([\\w.]+)\\.class");

    private static final Pattern DECLARED_TYPE = Pattern
        .compile("\\b(?:class|interface|enum|record|@interface)\\s+(\\w+)");

    @Test
    void theStarterUsesOnlyThePublicApiOfTheCore() {
        noClasses().that()
            .resideOutsideOfPackage("io.sfstream.core..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.sfstream.core..internal..")
            .because("io.sfstream.core..internal.. is not public API")
            .check(STARTER);
    }

    @Test
    void theStarterAndItsTestsUseOnlyThePublicApiOfTheEmulator() {
        noClasses().that()
            .resideOutsideOfPackage("io.sfstream.emulator..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.sfstream.emulator.internal..")
            .because("io.sfstream.emulator.internal.. is not public API")
            .check(STARTER);
    }

    @Test
    void theStarterAndItsTestsUseOnlyThePublicApiOfThePubSubClient() {
        noClasses().that()
            .resideOutsideOfPackage("io.sfstream.pubsub..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.sfstream.pubsub.internal..")
            .because("io.sfstream.pubsub.internal.. is not public API")
            .check(STARTER);
    }

    @Test
    void onlyThePubSubTransportsOwnClassesTouchPubSubTypes() {
        // The Pub/Sub module is optional: a class that names its types (or gRPC's, or
        // Avro's) must only load when the module is there.
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sfstream.spring");
        noClasses().that()
            .doNotHaveFullyQualifiedName("io.sfstream.spring.autoconfigure.SalesforcePubSubAutoConfiguration")
            .and()
            .doNotHaveFullyQualifiedName("io.sfstream.spring.autoconfigure.PubSubClientPropertiesMapper")
            .and()
            .doNotHaveFullyQualifiedName("io.sfstream.spring.listener.PubSubArguments")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.sfstream.pubsub..", "io.grpc..", "org.apache.avro..")
            .because("CometD-only applications have no Pub/Sub module, gRPC or Avro on the class path")
            .check(main);
    }

    @Test
    void everyClassLogsThroughALoggerNamedAfterItself() throws IOException {
        Path root = repositoryRoot();
        List<String> violations = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(root)) {
            for (Path source : sources.filter(HouseRulesTests::isSource).toList()) {
                String text = Files.readString(source);
                List<String> declared = new ArrayList<>();
                Matcher type = DECLARED_TYPE.matcher(text);
                while (type.find()) {
                    declared.add(type.group(1));
                }
                Matcher logger = LOGGER.matcher(text);
                while (logger.find()) {
                    String named = logger.group(1).substring(logger.group(1).lastIndexOf('.') + 1);
                    if (!declared.contains(named)) {
                        violations.add(root.relativize(source) + " logs as " + named);
                    }
                }
            }
        }
        assertThat(violations).as("loggers named after another class").isEmpty();
    }

    @Test
    void everyTestClassHasANameSurefireRuns() throws IOException {
        Path root = repositoryRoot();
        List<String> violations = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(root)) {
            for (Path source : sources.filter(HouseRulesTests::isTestSource).toList()) {
                String name = source.getFileName().toString();
                String text = Files.readString(source);
                boolean hasTests = TEST_METHOD.matcher(text).find();
                boolean abstractType = ABSTRACT_CLASS.matcher(text).find();
                if (hasTests && !abstractType && !name.endsWith("Tests.java")) {
                    violations.add(root.relativize(source).toString());
                }
            }
        }
        assertThat(violations).as("test classes surefire skips (it runs **/*Tests.java)").isEmpty();
    }

    private static boolean isTestSource(Path path) {
        return isSource(path) && path.toString().contains("/src/test/java/");
    }

    private static boolean isSource(Path path) {
        String text = path.toString();
        return text.endsWith(".java") && !text.contains("/target/") && text.contains("/src/");
    }

    private static Path repositoryRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.exists(directory.resolve("mvnw"))) {
            directory = directory.getParent();
        }
        assertThat(directory).as("the repository root (where mvnw is)").isNotNull();
        return directory;
    }

}
