package io.sfstream.spring.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.sfstream.emulator.EmulatorDefaults;
import io.sfstream.emulator.SalesforceEmulator;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the {@link FaultApplication} against an emulator with the file replay store and
 * short timeouts, in this JVM.
 */
final class FaultApplications {

    private FaultApplications() {
    }

    /**
     * The application's properties: short timeouts and back-off so a fault is over in
     * seconds.
     */
    static List<String> properties(SalesforceEmulator emulator, Path replayFile, String... extra) {
        List<String> properties = new ArrayList<>(List.of("salesforce.streaming.login-url=" + emulator.loginUrl(),
                "salesforce.streaming.consumer-key=" + EmulatorDefaults.CONSUMER_KEY,
                "salesforce.streaming.consumer-secret=" + EmulatorDefaults.CONSUMER_SECRET,
                "salesforce.streaming.username=" + EmulatorDefaults.USERNAME,
                "salesforce.streaming.password=" + EmulatorDefaults.PASSWORD,
                "salesforce.streaming.security-token=" + EmulatorDefaults.SECURITY_TOKEN,
                "salesforce.streaming.replay.store=file", "salesforce.streaming.replay.file=" + replayFile,
                "salesforce.streaming.replay.default=all", "salesforce.streaming.replay.commit-interval=100ms",
                "salesforce.streaming.connection-timeout=1s", "salesforce.streaming.request-timeout=2s",
                "salesforce.streaming.back-off.initial=50ms", "salesforce.streaming.back-off.max=500ms",
                "salesforce.streaming.max-pending-count=20", "salesforce.streaming.listener.retry.max-attempts=3",
                "salesforce.streaming.listener.retry.initial-interval=10ms",
                "salesforce.streaming.listener.retry.max-interval=50ms",
                "salesforce.streaming.listener.shutdown-timeout=5s", "spring.main.banner-mode=off"));
        properties.addAll(List.of(extra));
        return properties;
    }

    static ConfigurableApplicationContext run(List<String> properties, ProcessedSink sink, ListenerFaults faults,
            ApplicationContextInitializer<?>... initializers) {
        List<ApplicationContextInitializer<?>> all = new ArrayList<>(List.of(initializers));
        all.add((ConfigurableApplicationContext context) -> {
            context.getBeanFactory().registerSingleton("processedSink", sink);
            context.getBeanFactory().registerSingleton("listenerFaults", faults);
        });
        return new SpringApplicationBuilder(FaultApplication.class).web(WebApplicationType.NONE)
            .initializers(all.toArray(ApplicationContextInitializer[]::new))
            .properties(properties.toArray(String[]::new))
            .run();
    }

}
