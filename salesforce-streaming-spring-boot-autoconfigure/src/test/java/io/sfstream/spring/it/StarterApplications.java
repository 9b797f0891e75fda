package io.sfstream.spring.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.sfstream.emulator.SalesforceEmulator;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts Spring Boot applications that use the starter against an emulator, as a user's
 * application would.
 */
final class StarterApplications {

    private StarterApplications() {
    }

    static ConfigurableApplicationContext run(SalesforceEmulator emulator, Path replayFile, Class<?> configuration,
            String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of("salesforce.streaming.login-url=" + emulator.loginUrl(),
                "salesforce.streaming.consumer-key=test-consumer-key",
                "salesforce.streaming.consumer-secret=test-consumer-secret",
                "salesforce.streaming.username=user@example.com", "salesforce.streaming.password=password",
                "salesforce.streaming.security-token=SECURITYTOKEN", "salesforce.streaming.replay.file=" + replayFile,
                "salesforce.streaming.replay.commit-interval=100ms",
                "salesforce.streaming.listener.retry.initial-interval=10ms",
                "salesforce.streaming.listener.retry.max-interval=50ms",
                "salesforce.streaming.listener.shutdown-timeout=5s", "management.endpoint.health.show-details=always",
                "spring.main.banner-mode=off"));
        properties.addAll(List.of(extraProperties));
        return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
            .properties(properties.toArray(String[]::new))
            .run();
    }

}
