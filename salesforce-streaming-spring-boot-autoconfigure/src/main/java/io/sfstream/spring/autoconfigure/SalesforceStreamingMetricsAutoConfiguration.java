package io.sfstream.spring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.sfstream.core.client.StreamingClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configures Micrometer meters for the streaming client and listener methods when
 * Micrometer is present. The meters are bound to every registry Spring Boot manages.
 */
@AutoConfiguration(before = SalesforceStreamingAutoConfiguration.class)
@ConditionalOnClass({ MeterRegistry.class, StreamingClient.class })
@ConditionalOnBooleanProperty(name = "salesforce.streaming.enabled", matchIfMissing = true)
public final class SalesforceStreamingMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SalesforceStreamingMetrics salesforceStreamingMetrics(Environment environment) {
        // With observations, Micrometer derives the listener duration timer from them.
        boolean observed = environment.getProperty("salesforce.streaming.listener.observation-enabled", Boolean.class,
                false);
        return new SalesforceStreamingMetrics(!observed);
    }

}
