package io.sfstream.spring.autoconfigure;

import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import io.sfstream.spring.test.ProcessedEventLog;
import io.sfstream.spring.test.SalesforceTestPublisher;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Connects the application to a {@link SalesforceEmulator} bean, the way Spring Boot's
 * service connections connect it to a container: with one in the context (a {@code @Bean}
 * of a test configuration, or the one {@code @EmbeddedSalesforce} puts in a
 * {@code @SpringBootTest}), the {@link SalesforceStreamingConnectionDetails} log in to
 * the emulated org and no {@code salesforce.streaming.*} credential is needed. Also
 * provides the {@link SalesforceTestPublisher} that publishes an event and waits for the
 * listeners.
 */
@AutoConfiguration(before = SalesforceStreamingAutoConfiguration.class)
@ConditionalOnClass(SalesforceEmulator.class)
@ConditionalOnBean(SalesforceEmulator.class)
@ConditionalOnBooleanProperty(name = "salesforce.streaming.enabled", matchIfMissing = true)
public final class SalesforceEmulatorConnectionAutoConfiguration {

    SalesforceEmulatorConnectionAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    SalesforceStreamingConnectionDetails salesforceEmulatorConnectionDetails(SalesforceEmulator emulator) {
        return new EmulatorConnectionDetails(emulator);
    }

    @Bean
    @ConditionalOnMissingBean
    ProcessedEventLog salesforceProcessedEventLog() {
        return new ProcessedEventLog();
    }

    @Bean
    @ConditionalOnMissingBean
    SalesforceTestPublisher salesforceTestPublisher(SalesforceEmulator emulator, ProcessedEventLog log,
            ObjectProvider<SalesforceListenerEndpointRegistry> registry,
            ObjectProvider<StreamingConnectionState> connectionState) {
        return new SalesforceTestPublisher(emulator, log, registry::getIfAvailable, connectionState::getIfAvailable);
    }

}
