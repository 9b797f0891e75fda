package io.sfstream.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.http.HttpSettings;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.pubsub.PubSubClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Auto-configures the Pub/Sub API client when {@code salesforce-streaming-pubsub} is on
 * the class path: one {@link PubSubClient} (one gRPC channel for every topic) from
 * {@code salesforce.streaming.pubsub.*} and the settings it shares with the CometD client
 * (the same {@link Authenticator}, {@link ReplayStore}, {@link HttpSettings}' proxy and
 * SSL bundle, back-off and replay properties), or from the
 * {@link SalesforceStreamingConnectionDetails}' Pub/Sub endpoint (an emulated org). The
 * client is lazy: created only when a {@code @SalesforceListener} receives over the
 * Pub/Sub API, and then opened by the listener registry.
 */
@AutoConfiguration(after = SalesforceStreamingAutoConfiguration.class)
@ConditionalOnClass({ PubSubClient.class, SalesforceStreamingAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "salesforce.streaming.enabled", matchIfMissing = true)
public final class SalesforcePubSubAutoConfiguration {

    private final SalesforceStreamingProperties properties;

    private final StreamingConnectionState connectionState = new StreamingConnectionState();

    SalesforcePubSubAutoConfiguration(SalesforceStreamingProperties properties) {
        this.properties = properties;
    }

    @Bean
    @Lazy
    @ConditionalOnMissingBean
    PubSubClient salesforcePubSubClient(Authenticator authenticator, ReplayStore replayStore,
            SalesforceStreamingConnectionDetails connectionDetails, HttpSettings http,
            ObjectProvider<ClientLifecycleListener> lifecycleListeners) {
        // The CometD client's connection state is not this client's, which has its own;
        // the meters of this client carry its transport tag.
        List<ClientLifecycleListener> listeners = new ArrayList<>();
        lifecycleListeners.orderedStream().forEach((listener) -> {
            if (listener instanceof TransportLifecycleListener perTransport) {
                listeners.add(perTransport.lifecycleOf("pubsub"));
            }
            else if (!(listener instanceof StreamingConnectionState)) {
                listeners.add(listener);
            }
        });
        listeners.add(this.connectionState);
        return new PubSubClientPropertiesMapper(this.properties)
            .builder(authenticator, replayStore, connectionDetails.getPubSubEndpoint(), http, listeners)
            .build();
    }

    @Bean
    PubSubListenerClients salesforcePubSubListenerClients(ObjectProvider<PubSubClient> client) {
        return new PubSubListenerClients(client::getObject, this.connectionState);
    }

}
