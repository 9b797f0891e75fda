package io.sfstream.emulator.junit;

import java.time.Duration;

import io.sfstream.emulator.SalesforceEmulator;
import org.jspecify.annotations.Nullable;

/**
 * Turns an {@link EmbeddedSalesforce} annotation into an emulator builder: what the JUnit
 * extension starts, and what the Spring Boot starter's test support starts as a bean.
 */
public final class EmbeddedSalesforceSettings {

    private EmbeddedSalesforceSettings() {
    }

    /**
     * Returns a builder configured as the annotation says (channels, timeouts, port).
     * @param settings the annotation, or {@code null} for the defaults
     * @return a builder to start the emulator with
     */
    public static SalesforceEmulator.Builder builder(@Nullable EmbeddedSalesforce settings) {
        SalesforceEmulator.Builder builder = SalesforceEmulator.builder();
        if (settings != null) {
            builder.port(settings.port())
                .connectTimeout(Duration.ofMillis(settings.connectTimeoutMillis()))
                .reconnectWindow(Duration.ofMillis(settings.reconnectWindowMillis()))
                .pubSubPort(settings.pubSubPort())
                .pubSubKeepalivePeriod(Duration.ofMillis(settings.pubSubKeepaliveMillis()))
                .pubSubIdleTimeout(Duration.ofMillis(settings.pubSubIdleTimeoutMillis()));
            for (String name : settings.pushTopics()) {
                builder.pushTopic(name);
            }
            for (String name : settings.platformEvents()) {
                builder.platformEvent(name);
            }
            for (String name : settings.changeDataCaptures()) {
                builder.changeDataCapture(name);
            }
            for (String name : settings.genericChannels()) {
                builder.genericChannel(name);
            }
        }
        return builder;
    }

}
