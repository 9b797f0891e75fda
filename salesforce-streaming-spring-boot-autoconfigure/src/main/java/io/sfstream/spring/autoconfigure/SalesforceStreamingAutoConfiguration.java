package io.sfstream.spring.autoconfigure;

import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.http.HttpSettings;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.spring.SalesforceListenerErrorHandler;
import io.sfstream.spring.Transport;
import io.sfstream.spring.listener.DispatchObserver;
import io.sfstream.spring.listener.LoggingErrorHandler;
import io.sfstream.spring.listener.Parallelism;
import io.sfstream.spring.listener.SalesforceListenerAnnotationBeanPostProcessor;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures one Salesforce {@link StreamingClient} for the application, its
 * {@link Authenticator} and {@link ReplayStore} from {@code salesforce.streaming.*}
 * properties, and runs every {@link io.sfstream.spring.SalesforceListener} method over
 * it. Token requests and Bayeux requests share one {@link HttpSettings} (proxy, SSL
 * bundle). Listeners that receive over the Pub/Sub API
 * ({@code salesforce.streaming.transport} or their {@code transport} attribute) run over
 * the client of {@link SalesforcePubSubAutoConfiguration}, when
 * {@code salesforce-streaming-pubsub} is on the class path. Every bean backs off when the
 * application defines its own.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnClass(StreamingClient.class)
@ConditionalOnBooleanProperty(name = "salesforce.streaming.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SalesforceStreamingProperties.class)
public final class SalesforceStreamingAutoConfiguration {

    private static final String LEADER_ENABLED = "salesforce.streaming.leader.enabled";

    private static final String TRANSPORT = "salesforce.streaming.transport";

    private static final String PUBSUB_CLIENT = "io.sfstream.pubsub.PubSubClient";

    private final SalesforceStreamingProperties properties;

    SalesforceStreamingAutoConfiguration(SalesforceStreamingProperties properties) {
        this.properties = properties;
    }

    @Bean
    @ConditionalOnMissingBean
    HttpSettings salesforceStreamingHttpSettings(ObjectProvider<SslBundles> sslBundles) {
        return new HttpSettingsFactory(this.properties, sslBundles.getIfAvailable()).create();
    }

    @Bean
    @ConditionalOnMissingBean
    SalesforceStreamingConnectionDetails salesforceStreamingConnectionDetails() {
        return new PropertiesSalesforceStreamingConnectionDetails(this.properties);
    }

    @Bean
    @ConditionalOnMissingBean
    Authenticator salesforceAuthenticator(SalesforceStreamingConnectionDetails connectionDetails, HttpSettings http) {
        return new AuthenticatorFactory(connectionDetails, http).create();
    }

    @Bean
    @ConditionalOnMissingBean
    ReplayStore salesforceReplayStore() {
        return new StreamingClientPropertiesMapper(this.properties).replayStore();
    }

    @Bean
    @ConditionalOnMissingBean
    StreamingConnectionState salesforceStreamingConnectionState() {
        return new StreamingConnectionState();
    }

    @Bean
    @ConditionalOnMissingBean
    StreamingClient salesforceStreamingClient(Authenticator authenticator, ReplayStore replayStore,
            ObjectProvider<ClientLifecycleListener> lifecycleListeners, HttpSettings http) {
        return new StreamingClientPropertiesMapper(this.properties)
            .builder(authenticator, replayStore, lifecycleListeners.orderedStream().toList())
            .http(http)
            .build();
    }

    @Bean
    @ConditionalOnMissingBean
    SalesforceListenerEndpointRegistry salesforceListenerEndpointRegistry(StreamingClient client,
            ObjectProvider<SalesforceListenerErrorHandler> errorHandler, ObjectProvider<DispatchObserver> observers,
            ObjectProvider<ObservationRegistry> observationRegistry, ObjectProvider<PubSubListenerClients> pubSub,
            Environment environment) {
        // The client is reopened by every start of the registry (with leader election,
        // every leadership term).
        SalesforceListenerEndpointRegistry registry = new SalesforceListenerEndpointRegistry(client,
                ListenerRetryPropertiesMapper.listenerRetry(this.properties.getListener().getRetry()),
                errorHandler.getIfAvailable(LoggingErrorHandler::new),
                new CompositeDispatchObserver(observers.orderedStream().toList()),
                this.properties.getListener().getShutdownTimeout());
        // Opening the client backs off as the client's reconnection does.
        registry.setConnectBackOff(this.properties.getBackOff().getInitial(), this.properties.getBackOff().getMax());
        // With leader election, leadership (not the context) starts and stops the
        // registry.
        registry.setAutoStartup(!leaderElection(environment));
        registry.setPhase(this.properties.getListener().getPhase());
        registry.setParallelism(parallelism(environment));
        pubSub.ifAvailable((clients) -> registry.setClients(Transport.PUBSUB, clients.clients(), clients.state()));
        if (this.properties.getListener().isObservationEnabled()) {
            registry.setObservationRegistry(observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP));
        }
        return registry;
    }

    /**
     * Channels processed in parallel as {@code listener.concurrency} says, bounded by
     * {@code max-pending-count} events, on virtual threads when the application uses
     * them.
     */
    private Parallelism parallelism(Environment environment) {
        int concurrency = this.properties.getListener().getConcurrency();
        if (concurrency < 1) {
            throw new InvalidSalesforceStreamingPropertyException("salesforce.streaming.listener.concurrency",
                    concurrency + " is not a number of channels", "Set it to 1 (the default) or more.");
        }
        if (concurrency == 1) {
            return Parallelism.SERIAL;
        }
        int maxInFlight = Math.max(1, this.properties.getMaxPendingCount());
        if (Threading.VIRTUAL.isActive(environment)) {
            return new Parallelism(concurrency, maxInFlight,
                    new VirtualThreadTaskExecutor("salesforce-streaming-listener-").getVirtualThreadFactory());
        }
        return Parallelism.of(concurrency, maxInFlight);
    }

    private static boolean leaderElection(Environment environment) {
        boolean enabled = environment.getProperty(LEADER_ENABLED, Boolean.class, false);
        // The classes StreamingLeaderAutoConfiguration needs: without them nothing would
        // ever start the registry.
        boolean leaderElectionAvailable = java.util.stream.Stream
            .of("org.springframework.integration.jdbc.lock.JdbcLockRegistry",
                    "org.springframework.integration.support.leader.LockRegistryLeaderInitiator",
                    "org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer")
            .allMatch(
                    (name) -> ClassUtils.isPresent(name, SalesforceStreamingAutoConfiguration.class.getClassLoader()));
        if (enabled && !leaderElectionAvailable) {
            throw new InvalidSalesforceStreamingPropertyException(LEADER_ENABLED,
                    "leader election needs Spring Integration JDBC, which is not on the classpath",
                    "Add org.springframework.integration:spring-integration-jdbc and spring-boot-starter-jdbc, or set "
                            + LEADER_ENABLED + "=false.");
        }
        return enabled;
    }

    @Bean
    static SalesforceListenerAnnotationBeanPostProcessor salesforceListenerAnnotationBeanPostProcessor(
            ObjectProvider<SalesforceListenerEndpointRegistry> registry, ObjectProvider<JsonMapper> jsonMapper,
            Environment environment, ResourceLoader resourceLoader) {
        boolean autoStartup = listenerAutoStartup(environment);
        return new SalesforceListenerAnnotationBeanPostProcessor(registry::getObject,
                () -> jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), autoStartup,
                defaultTransport(environment, resourceLoader.getClassLoader()));
    }

    private static Transport defaultTransport(Environment environment, @Nullable ClassLoader classLoader) {
        String value = environment.getProperty(TRANSPORT, "cometd").trim();
        if (value.equalsIgnoreCase("cometd")) {
            return Transport.COMETD;
        }
        if (!value.equalsIgnoreCase("pubsub")) {
            throw new InvalidSalesforceStreamingPropertyException(TRANSPORT, "'" + value + "' is not a transport",
                    "Set it to cometd (the default) or pubsub.");
        }
        if (!ClassUtils.isPresent(PUBSUB_CLIENT, classLoader)) {
            throw new InvalidSalesforceStreamingPropertyException(TRANSPORT,
                    "pubsub needs the Pub/Sub API client (io.sfstream:salesforce-streaming-pubsub), which is not on the "
                            + "class path",
                    "Add io.sfstream:salesforce-streaming-pubsub to the application's dependencies, or set " + TRANSPORT
                            + "=cometd.");
        }
        return Transport.PUBSUB;
    }

    private static boolean listenerAutoStartup(Environment environment) {
        String property = "salesforce.streaming.listener.auto-startup";
        try {
            return environment.getProperty(property, Boolean.class, true);
        }
        catch (ConversionException ex) {
            throw new InvalidSalesforceStreamingPropertyException(property,
                    "'" + environment.getProperty(property) + "' is not a boolean", "Set it to true or false.", ex);
        }
    }

    /**
     * Fans dispatch callbacks out to every {@link DispatchObserver} bean.
     */
    private record CompositeDispatchObserver(List<DispatchObserver> observers) implements DispatchObserver {

        @Override
        public void openFailed(io.sfstream.core.StreamingException error) {
            for (DispatchObserver observer : this.observers) {
                observer.openFailed(error);
            }
        }

        @Override
        public void received(StreamingEvent event) {
            for (DispatchObserver observer : this.observers) {
                observer.received(event);
            }
        }

        @Override
        public void processed(StreamingEvent event, String listenerId, java.time.Duration duration) {
            for (DispatchObserver observer : this.observers) {
                observer.processed(event, listenerId, duration);
            }
        }

        @Override
        public void failed(StreamingEvent event, String listenerId, java.time.Duration duration, Throwable error) {
            for (DispatchObserver observer : this.observers) {
                observer.failed(event, listenerId, duration, error);
            }
        }
    }

}
