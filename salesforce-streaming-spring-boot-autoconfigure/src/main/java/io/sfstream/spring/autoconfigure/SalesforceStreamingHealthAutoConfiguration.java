package io.sfstream.spring.autoconfigure;

import io.sfstream.spring.leader.StreamingLeadership;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code salesforceStreaming} health indicator when Spring Boot's
 * health support is present.
 */
@AutoConfiguration(after = SalesforceStreamingAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean({ SalesforceListenerEndpointRegistry.class, StreamingConnectionState.class })
public final class SalesforceStreamingHealthAutoConfiguration {

    @Bean
    @ConditionalOnEnabledHealthIndicator("salesforce-streaming")
    @ConditionalOnMissingBean(name = "salesforceStreamingHealthIndicator")
    HealthIndicator salesforceStreamingHealthIndicator(SalesforceListenerEndpointRegistry registry,
            StreamingConnectionState state, ObjectProvider<StreamingLeadership> leadership,
            ObjectProvider<PubSubListenerClients> pubSub, SalesforceStreamingProperties properties) {
        PubSubListenerClients pubSubClients = pubSub.getIfAvailable();
        return new SalesforceStreamingHealthIndicator(registry, state,
                (pubSubClients != null) ? pubSubClients.state() : null, leadership.getIfAvailable(),
                properties.getHealth().getGracePeriod());
    }

}
