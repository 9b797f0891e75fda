package io.sfstream.core.examples;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.junit.EmbeddedSalesforce;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's plain Java program in its own JVM against the emulator, twice: the
 * second run resumes after the events the first one printed.
 */
@EmbeddedSalesforce(platformEvents = "Order_Placed__e")
class PrintEventsIntegrationTests {

    private static final String CHANNEL = "/event/Order_Placed__e";

    @Test
    void theReadmeProgramPrintsEventsAndResumesAfterARestart(SalesforceEmulator emulator, @TempDir Path directory)
            throws Exception {
        Path replayFile = directory.resolve("replay.json");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(emulator.publish(CHANNEL, Map.of("OrderNumber__c", "P-" + i)).replayId());
        }
        // The first run starts from all retained events (-Dreplay.default=all), the
        // second from its position.
        String first = run(emulator, replayFile, 3);
        for (int i = 3; i < 5; i++) {
            ids.add(emulator.publish(CHANNEL, Map.of("OrderNumber__c", "P-" + i)).replayId());
        }
        String second = run(emulator, replayFile, 2);

        assertThat(first).contains(CHANNEL + " #" + ids.get(0) + " ", "\"OrderNumber__c\":\"P-2\"");
        assertThat(second).contains(CHANNEL + " #" + ids.get(3) + " ", CHANNEL + " #" + ids.get(4) + " ")
            .doesNotContain("\"OrderNumber__c\":\"P-0\"");
        assertThat(first + second).doesNotContain("SECURITYTOKEN", "test-consumer-secret");
    }

    private static String run(SalesforceEmulator emulator, Path replayFile, int events) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dreplay.file=" + replayFile, "-Dreplay.default=all", PrintEvents.class.getName(),
                emulator.loginUrl().toString(), CHANNEL, String.valueOf(events))
            .redirectErrorStream(true);
        builder.environment().put("SF_CONSUMER_KEY", "test-consumer-key");
        builder.environment().put("SF_CONSUMER_SECRET", "test-consumer-secret");
        builder.environment().put("SF_USERNAME", "user@example.com");
        builder.environment().put("SF_PASSWORD", "password");
        builder.environment().put("SF_SECURITY_TOKEN", "SECURITYTOKEN");
        Process process = builder.start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("the program to print %d events; output:%n%s", events, output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

}
