package io.sfstream.spring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.sfstream.core.replay.ReplayKey;
import io.sfstream.core.StreamingException;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.spring.SalesforceListenerErrorHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
/**
 * Holds the containers of every {@link io.sfstream.spring.SalesforceListener} method and runs them over one shared
 * {@link StreamingClient} (Salesforce counts concurrent clients per org). As a {@link SmartLifecycle} it connects at
 * start, subscribes the channels of the containers that start automatically, and on stop stops taking events, lets
 * the listener call in progress finish (bounded by the shutdown timeout), flushes replay positions and disconnects.
 * Containers can be found by id and started or stopped individually. A stopped registry can be started again: it then
 * reopens its client, or runs over the next client of its client supplier (with leader election, every leadership
 * term starts the registry and resumes each channel from its committed position). Thread-safe.
 */
public final class SalesforceListenerEndpointRegistry implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(SalesforceListenerEndpointRegistry.class);

    private final Supplier<StreamingClient> clients;

    private final Object lifecycleMonitor = new Object();

    private volatile StreamingClient client;

    private final ListenerRetry retry;

    private final SalesforceListenerErrorHandler errorHandler;

    private final DispatchObserver observer;

    private final Duration shutdownTimeout;

    private final Map<String, SalesforceListenerContainer> containers = new LinkedHashMap<>();

    private volatile EventDispatcher dispatcher;

    private boolean clientClosed;

    private volatile boolean autoStartup = true;

    private volatile Map<String, List<SalesforceListenerContainer>> routes = Map.of();

    private volatile boolean running;

    /**
     * Creates the registry.
     *
     * @param client the shared client; the registry opens and closes it, and opens it again at every new start
     * @param retry retries failed listener calls
     * @param errorHandler handles failures after the last retry
     * @param observer observes dispatching, for metrics
     * @param shutdownTimeout how long stopping waits for the listener call in progress
     */
    public SalesforceListenerEndpointRegistry(StreamingClient client, ListenerRetry retry,
            SalesforceListenerErrorHandler errorHandler, DispatchObserver observer, Duration shutdownTimeout) {
        this(() -> client, retry, errorHandler, observer, shutdownTimeout);
    }

    /**
     * Creates the registry with a supplier of clients: one for the first start, and a new one for every start after a
     * stop.
     *
     * @param clients supplies the shared client; the registry opens and closes each
     * @param retry retries failed listener calls
     * @param errorHandler handles failures after the last retry
     * @param observer observes dispatching, for metrics
     * @param shutdownTimeout how long stopping waits for the listener call in progress
     */
    public SalesforceListenerEndpointRegistry(Supplier<StreamingClient> clients, ListenerRetry retry,
            SalesforceListenerErrorHandler errorHandler, DispatchObserver observer, Duration shutdownTimeout) {
        this.clients = clients;
        this.client = clients.get();
        this.retry = retry;
        this.errorHandler = errorHandler;
        this.observer = observer;
        this.shutdownTimeout = shutdownTimeout;
        this.dispatcher = newDispatcher(this.client);
    }

    private EventDispatcher newDispatcher(StreamingClient streamingClient) {
        return new EventDispatcher(streamingClient, this::containersFor, this::subscribeRunningContainers,
                this.observer);
    }

    /**
     * Sets whether the registry starts with the application context; {@code true} unless leader election starts it.
     *
     * @param autoStartup whether to start with the context
     */
    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    @Override
    public boolean isAutoStartup() {
        return this.autoStartup;
    }

    /**
     * Registers the container of an endpoint.
     *
     * @param endpoint the endpoint
     * @return its container
     * @throws IllegalStateException if another container has the same id
     */
    public synchronized SalesforceListenerContainer registerListenerContainer(SalesforceListenerEndpoint endpoint) {
        if (this.containers.containsKey(endpoint.id())) {
            throw new IllegalStateException("Another @SalesforceListener already has the id '" + endpoint.id()
                    + "' (" + endpoint.invoker().methodName() + "): listener ids must be unique");
        }
        rejectConflictingFilters(endpoint);
        SalesforceListenerContainer container = new SalesforceListenerContainer(endpoint, this.retry,
                this.errorHandler, this.observer, this::stopListener);
        this.containers.put(endpoint.id(), container);
        this.routes = routesOf(this.containers.values());
        if (this.running && endpoint.autoStartup()) {
            startContainer(container);
        }
        return container;
    }

    /**
     * Returns the container with the given id.
     *
     * @param id the id
     * @return the container, or {@code null}
     */
    public synchronized @Nullable SalesforceListenerContainer getListenerContainer(String id) {
        return this.containers.get(id);
    }

    /**
     * Returns the ids of every container.
     *
     * @return the ids
     */
    public synchronized Set<String> getListenerContainerIds() {
        return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(this.containers.keySet()));
    }

    /**
     * Returns every container.
     *
     * @return the containers
     */
    public synchronized Collection<SalesforceListenerContainer> getListenerContainers() {
        return List.copyOf(this.containers.values());
    }

    /**
     * Starts a container: its channels are subscribed and its method receives events.
     *
     * @param id the container id
     * @throws IllegalArgumentException if there is no container with that id
     */
    public synchronized void startListener(String id) {
        startContainer(require(id));
    }

    /**
     * Stops a container: its method receives no more events; its channels are unsubscribed unless another running
     * container listens on them.
     *
     * @param id the container id
     * @throws IllegalArgumentException if there is no container with that id
     */
    public synchronized void stopListener(String id) {
        stopContainer(require(id));
    }

    /**
     * Returns the shared client of the current (or last) start.
     *
     * @return the client
     */
    public StreamingClient getClient() {
        return this.client;
    }

    @Override
    public void start() {
        synchronized (this.lifecycleMonitor) {
            doStart();
        }
    }

    private synchronized void doStart() {
        if (this.running) {
            return;
        }
        if (this.clientClosed) {
            this.client = this.clients.get();
            this.dispatcher = newDispatcher(this.client);
            this.clientClosed = false;
        }
        this.running = true;
        if (this.containers.isEmpty()) {
            logger.info("No @SalesforceListener methods: the Salesforce streaming client is not connected");
            return;
        }
        boolean anyStarted = false;
        for (SalesforceListenerContainer container : this.containers.values()) {
            if (container.getEndpoint().autoStartup()) {
                container.markRunning(true);
                anyStarted = true;
            }
        }
        if (anyStarted) {
            this.dispatcher.start();
        }
    }

    @Override
    public void stop() {
        synchronized (this.lifecycleMonitor) {
            synchronized (this) {
                if (!this.running) {
                    return;
                }
                this.running = false;
            }
            // Not holding this registry's lock: the dispatcher may need it to finish.
            this.dispatcher.stop(this.shutdownTimeout);
            this.client.close();
            synchronized (this) {
                this.clientClosed = true;
                this.containers.values().forEach((container) -> container.markRunning(false));
            }
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    private SalesforceListenerContainer require(String id) {
        SalesforceListenerContainer container = this.containers.get(id);
        if (container == null) {
            throw new IllegalArgumentException("No @SalesforceListener with id '" + id + "'; known ids: "
                    + this.containers.keySet());
        }
        return container;
    }

    private void startContainer(SalesforceListenerContainer container) {
        if (!container.markRunning(true) || !this.running) {
            return;
        }
        if (this.dispatcher.isOpened()) {
            subscribe(container);
        }
        else {
            this.dispatcher.start();
        }
    }

    private void stopContainer(SalesforceListenerContainer container) {
        if (!container.markRunning(false) || !this.dispatcher.isOpened()) {
            return;
        }
        for (String channel : container.getChannels()) {
            if (runningContainersFor(channel).isEmpty()) {
                try {
                    this.client.unsubscribe(channel);
                }
                catch (StreamingException ex) {
                    logger.warn("Could not unsubscribe {}: {}", channel, ex.getMessage());
                }
            }
        }
    }

    private synchronized void subscribeRunningContainers() {
        for (SalesforceListenerContainer container : this.containers.values()) {
            if (container.isRunning()) {
                subscribe(container);
            }
        }
    }

    private void subscribe(SalesforceListenerContainer container) {
        ReplayFrom replay = container.getEndpoint().replay();
        for (String channel : container.getChannels()) {
            if (this.client.subscriptions().contains(channel)) {
                continue;
            }
            try {
                if (replay != null) {
                    this.client.subscribe(channel, replay);
                }
                else {
                    this.client.subscribe(channel);
                }
            }
            catch (RuntimeException ex) {
                // A refused channel must not stop the other listeners (the dispatcher thread runs this).
                logger.error("@SalesforceListener '{}' cannot subscribe to {}: {}", container.getId(), channel,
                        ex.getMessage());
            }
        }
    }

    private void rejectConflictingFilters(SalesforceListenerEndpoint endpoint) {
        for (String channel : endpoint.channels()) {
            for (SalesforceListenerContainer other : this.containers.values()) {
                for (String otherChannel : other.getChannels()) {
                    if (ReplayKey.of(otherChannel).equals(ReplayKey.of(channel)) && !otherChannel.equals(channel)) {
                        throw new IllegalStateException("@SalesforceListener " + endpoint.invoker().methodName()
                                + " listens on '" + channel + "' and " + other.getEndpoint().invoker().methodName()
                                + " on '" + otherChannel + "': Salesforce allows one subscription per channel, "
                                + "whatever its filter query; use the same channel string in both");
                    }
                }
            }
        }
    }

    private List<SalesforceListenerContainer> containersFor(String channel) {
        return this.routes.getOrDefault(ReplayKey.of(channel), List.of());
    }

    private List<SalesforceListenerContainer> runningContainersFor(String channel) {
        return containersFor(channel).stream().filter(SalesforceListenerContainer::isRunning).toList();
    }

    private static Map<String, List<SalesforceListenerContainer>> routesOf(
            Collection<SalesforceListenerContainer> containers) {
        Map<String, List<SalesforceListenerContainer>> routes = new LinkedHashMap<>();
        for (SalesforceListenerContainer container : containers) {
            container.getChannels().stream().map(ReplayKey::of).distinct()
                    .forEach((key) -> routes.computeIfAbsent(key, (k) -> new ArrayList<>()).add(container));
        }
        routes.replaceAll((key, list) -> List.copyOf(list));
        return Map.copyOf(routes);
    }

    @Override
    public String toString() {
        return "SalesforceListenerEndpointRegistry[containers=" + getListenerContainerIds() + ", running="
                + this.running + "]";
    }
}
