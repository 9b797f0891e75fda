package io.sfstream.spring.listener;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import io.sfstream.core.client.EventClient;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.replay.ReplayKey;
import io.sfstream.spring.SalesforceListenerErrorHandler;
import io.sfstream.spring.Transport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Holds the containers of every {@link io.sfstream.spring.SalesforceListener} method and
 * runs them over one shared client per transport (Salesforce counts concurrent clients
 * per org): the CometD {@link StreamingClient}, and the Pub/Sub API client of
 * {@link #setClients(Transport, Supplier, DispatchObserver)} for the containers whose
 * endpoint says {@link Transport#PUBSUB}. As a {@link SmartLifecycle} it connects at
 * start, subscribes the channels of the containers that start automatically, and on stop
 * stops taking events, lets the listener call in progress finish (bounded by the shutdown
 * timeout), flushes replay positions and disconnects. Containers can be found by id and
 * started or stopped individually. A stopped registry can be started again: it then
 * reopens its client, or runs over the next client of its client supplier (with leader
 * election, every leadership term starts the registry and resumes each channel from its
 * committed position).
 *
 * <p>
 * The registry holds the containers and starts and stops them; it delegates the rest, per
 * transport in use: a {@code ClientConnector} opens and closes the client, a
 * {@code ChannelRouter} routes events and keeps the subscriptions in step with the
 * running containers, and an {@code EventDispatcher} (one per start) delivers the events
 * on its own thread. A transport's client is only opened while one of its containers
 * runs.
 *
 * <p>
 * Thread-safe. Starting and stopping the registry are serialized; stopping waits for the
 * dispatcher thread without holding the lock that guards the containers, which that
 * thread takes when an error handler stops its listener.
 */
public final class SalesforceListenerEndpointRegistry implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(SalesforceListenerEndpointRegistry.class);

    private static final Duration DEFAULT_CONNECT_BACK_OFF_INITIAL = Duration.ofSeconds(1);

    private static final Duration DEFAULT_CONNECT_BACK_OFF_MAX = Duration.ofMinutes(5);

    private final Object lifecycleMonitor = new Object();

    private final Object monitor = new Object();

    private final Map<String, SalesforceListenerContainer> containers = new LinkedHashMap<>();

    private final Map<Transport, TransportLane> lanes = new EnumMap<>(Transport.class);

    private final Map<Transport, ClientSource> sources = new EnumMap<>(Transport.class);

    private final TransportLane cometd;

    private final ListenerRetry retry;

    private final SalesforceListenerErrorHandler errorHandler;

    private final DispatchObserver observer;

    private final Duration shutdownTimeout;

    private volatile JitteredExponentialBackOff connectBackOff = new JitteredExponentialBackOff(
            DEFAULT_CONNECT_BACK_OFF_INITIAL, DEFAULT_CONNECT_BACK_OFF_MAX);

    private volatile Parallelism parallelism = Parallelism.SERIAL;

    private volatile ObservationRegistry observations = ObservationRegistry.NOOP;

    private volatile int phase = SmartLifecycle.DEFAULT_PHASE;

    private volatile boolean autoStartup = true;

    private volatile boolean running;

    /**
     * Creates the registry.
     * @param client the shared client; the registry opens and closes it, and opens it
     * again at every new start
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
     * Creates the registry with a supplier of clients: one for the first start, and a new
     * one for every start after a stop.
     * @param clients supplies the shared client; the registry opens and closes each
     * @param retry retries failed listener calls
     * @param errorHandler handles failures after the last retry
     * @param observer observes dispatching, for metrics
     * @param shutdownTimeout how long stopping waits for the listener call in progress
     */
    public SalesforceListenerEndpointRegistry(Supplier<StreamingClient> clients, ListenerRetry retry,
            SalesforceListenerErrorHandler errorHandler, DispatchObserver observer, Duration shutdownTimeout) {
        this.retry = retry;
        this.errorHandler = errorHandler;
        this.observer = observer;
        this.shutdownTimeout = shutdownTimeout;
        this.sources.put(Transport.COMETD, new ClientSource(clients, observer));
        this.cometd = lane(Transport.COMETD);
    }

    /**
     * Sets the clients of another transport than CometD (the Pub/Sub API's): its lane is
     * created when the first container of that transport registers, which takes the first
     * client of the supplier, and opened while one of them runs.
     * @param transport the transport
     * @param clients supplies the client of the first start, then of every start after a
     * stop
     * @param connectionObserver told when opening that client fails (the transport's
     * connection state), instead of the registry's observer
     * @throws IllegalArgumentException for {@link Transport#COMETD} (the constructor's)
     * or {@link Transport#DEFAULT}
     * @throws IllegalStateException when a container of that transport is registered
     * already
     */
    public void setClients(Transport transport, Supplier<? extends EventClient> clients,
            DispatchObserver connectionObserver) {
        if (transport != Transport.PUBSUB) {
            throw new IllegalArgumentException("Only the Pub/Sub API's clients can be set, not " + transport + "'s");
        }
        synchronized (this.monitor) {
            if (this.lanes.containsKey(transport)) {
                throw new IllegalStateException("Listeners run over " + transport + " already");
            }
            this.sources.put(transport, new ClientSource(clients, connectionObserver));
        }
    }

    /**
     * Returns whether listeners can run over a transport: the CometD Streaming API
     * always, the Pub/Sub API once its clients were set.
     * @param transport the transport
     * @return whether containers of that transport can be registered
     */
    public boolean supports(Transport transport) {
        synchronized (this.monitor) {
            return this.sources.containsKey(transport);
        }
    }

    private TransportLane lane(Transport transport) {
        TransportLane lane = this.lanes.get(transport);
        if (lane != null) {
            return lane;
        }
        ClientSource source = this.sources.get(transport);
        if (source == null) {
            throw new IllegalStateException("No client for the " + transport + " transport: add "
                    + "io.sfstream:salesforce-streaming-pubsub to the class path to listen over the Pub/Sub API");
        }
        lane = new TransportLane(transport, source.clients(), this.connectBackOff, source.connectionObserver(),
                this.observer, this.parallelism);
        this.lanes.put(transport, lane);
        if (this.running) {
            lane.connector().start();
            lane.newDispatcher(this.observer, this.parallelism);
        }
        return lane;
    }

    private TransportLane laneOf(SalesforceListenerContainer container) {
        return lane(container.getEndpoint().transport());
    }

    /**
     * Sets the delays between two attempts to open the client, as
     * {@code salesforce.streaming.back-off.*} sets the client's reconnection: exponential
     * from the initial delay up to the maximum, with jitter. By default 1 second up to 5
     * minutes. Applies from the next start.
     * @param initial the first delay
     * @param max the longest delay
     */
    public void setConnectBackOff(Duration initial, Duration max) {
        JitteredExponentialBackOff backOff = new JitteredExponentialBackOff(initial, max);
        synchronized (this.monitor) {
            this.connectBackOff = backOff;
            this.lanes.values().forEach((lane) -> lane.connector().setBackOff(backOff));
        }
    }

    /**
     * Sets how many channels are processed at once, and how many events may wait or be
     * processed at once; by default every channel on one thread
     * ({@link Parallelism#SERIAL}). Events of one channel are always processed in order,
     * and positions committed per channel after processing. Applies from the next start.
     * @param parallelism the parallelism
     */
    public void setParallelism(Parallelism parallelism) {
        this.parallelism = parallelism;
    }

    /**
     * Sets where listener calls are observed (see {@link ListenerObservation}); by
     * default they are not. Applies to containers registered afterwards.
     * @param observations the observation registry
     */
    public void setObservationRegistry(ObservationRegistry observations) {
        this.observations = observations;
    }

    /**
     * Sets the lifecycle phase: the registry starts after, and stops before, beans of
     * lower phases. Default {@link SmartLifecycle#DEFAULT_PHASE} (last to start, first to
     * stop).
     * @param phase the phase
     */
    public void setPhase(int phase) {
        this.phase = phase;
    }

    @Override
    public int getPhase() {
        return this.phase;
    }

    /**
     * Sets whether the registry starts with the application context; {@code true} unless
     * leader election starts it.
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
     * @param endpoint the endpoint
     * @return its container
     * @throws IllegalStateException if another container has the same id, or listens on
     * one of its channels with another filter query
     */
    public SalesforceListenerContainer registerListenerContainer(SalesforceListenerEndpoint endpoint) {
        synchronized (this.monitor) {
            if (this.containers.containsKey(endpoint.id())) {
                throw new IllegalStateException("Another @SalesforceListener already has the id '" + endpoint.id()
                        + "' (" + endpoint.invoker().methodName() + "): listener ids must be unique");
            }
            TransportLane lane = lane(endpoint.transport());
            warnOfChannelsOnBothTransports(endpoint);
            SalesforceListenerContainer container = new SalesforceListenerContainer(endpoint, this.retry,
                    this.errorHandler, this.observer, this::stopListener, this.observations);
            lane.router().add(container);
            this.containers.put(endpoint.id(), container);
            if (this.running && endpoint.autoStartup()) {
                startContainer(container);
            }
            return container;
        }
    }

    /**
     * Returns the container with the given id.
     * @param id the id
     * @return the container, or {@code null}
     */
    public @Nullable SalesforceListenerContainer getListenerContainer(String id) {
        synchronized (this.monitor) {
            return this.containers.get(id);
        }
    }

    /**
     * Returns the ids of every container.
     * @return the ids
     */
    public Set<String> getListenerContainerIds() {
        synchronized (this.monitor) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(this.containers.keySet()));
        }
    }

    /**
     * Returns every container.
     * @return the containers
     */
    public Collection<SalesforceListenerContainer> getListenerContainers() {
        synchronized (this.monitor) {
            return List.copyOf(this.containers.values());
        }
    }

    /**
     * Starts a container: its channels are subscribed and its method receives events.
     * @param id the container id
     * @throws IllegalArgumentException if there is no container with that id
     */
    public void startListener(String id) {
        synchronized (this.monitor) {
            startContainer(require(id));
        }
    }

    /**
     * Stops a container: its method receives no more events; its channels are
     * unsubscribed unless another running container listens on them.
     * @param id the container id
     * @throws IllegalArgumentException if there is no container with that id
     */
    public void stopListener(String id) {
        synchronized (this.monitor) {
            SalesforceListenerContainer container = require(id);
            if (container.markRunning(false)) {
                laneOf(container).router().unsubscribe(container);
            }
        }
    }

    /**
     * Pauses a listener: the events of its channels wait, buffered up to
     * {@code max-pending-count} (then the long poll waits), until it is resumed; they are
     * not committed meanwhile. Other listeners of those channels wait with it (a
     * channel's events are delivered in order); with {@code listener.concurrency} 1 every
     * channel waits. Its subscriptions stay.
     * @param id the container id
     * @throws IllegalArgumentException if there is no container with that id
     */
    public void pauseListener(String id) {
        synchronized (this.monitor) {
            if (require(id).markPaused(true)) {
                logger.info("@SalesforceListener '{}' paused", id);
            }
        }
    }

    /**
     * Resumes a paused listener: the events of its channels flow again, in order.
     * @param id the container id
     * @throws IllegalArgumentException if there is no container with that id
     */
    public void resumeListener(String id) {
        synchronized (this.monitor) {
            SalesforceListenerContainer container = require(id);
            if (container.markPaused(false)) {
                logger.info("@SalesforceListener '{}' resumed", id);
                laneOf(container).dispatcher().resume();
            }
        }
    }

    /**
     * Returns the shared CometD client of the current (or last) start.
     * @return the client
     */
    public StreamingClient getClient() {
        return (StreamingClient) this.cometd.client();
    }

    /**
     * Returns the shared client of a transport, of the current (or last) start.
     * @param transport {@link Transport#COMETD} or {@link Transport#PUBSUB}
     * @return the client, or {@code null} when no listener runs over that transport
     */
    public @Nullable EventClient getClient(Transport transport) {
        synchronized (this.monitor) {
            TransportLane lane = this.lanes.get(transport);
            return (lane != null) ? lane.client() : null;
        }
    }

    /**
     * Returns the transports that listeners are registered over (CometD always).
     * @return the transports
     */
    public Set<Transport> getTransports() {
        synchronized (this.monitor) {
            return Collections.unmodifiableSet(java.util.EnumSet.copyOf(this.lanes.keySet()));
        }
    }

    @Override
    public void start() {
        synchronized (this.lifecycleMonitor) {
            synchronized (this.monitor) {
                if (this.running) {
                    return;
                }
                for (TransportLane lane : this.lanes.values()) {
                    lane.connector().start();
                    lane.newDispatcher(this.observer, this.parallelism);
                }
                this.running = true;
                if (this.containers.isEmpty()) {
                    logger.info("No @SalesforceListener methods: the Salesforce streaming client is not connected");
                    return;
                }
                for (SalesforceListenerContainer container : this.containers.values()) {
                    if (container.getEndpoint().autoStartup()) {
                        container.markRunning(true);
                    }
                }
                for (SalesforceListenerContainer container : this.containers.values()) {
                    if (container.isRunning()) {
                        laneOf(container).dispatcher().start();
                    }
                }
            }
        }
    }

    @Override
    public void stop() {
        synchronized (this.lifecycleMonitor) {
            List<TransportLane> stopping;
            synchronized (this.monitor) {
                if (!this.running) {
                    return;
                }
                this.running = false;
                stopping = List.copyOf(this.lanes.values());
            }
            // In this order: no more connection attempts; the listener call in progress
            // ends and its event is
            // committed; subscriptions change no more; positions are flushed and the
            // client disconnects.
            stopping.forEach((lane) -> lane.connector().stop());
            stopping.forEach((lane) -> lane.dispatcher().halt());
            stopping.forEach((lane) -> lane.dispatcher().stop(this.shutdownTimeout));
            stopping.forEach((lane) -> lane.router().detach());
            stopping.forEach((lane) -> lane.connector().close());
            synchronized (this.monitor) {
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
            throw new IllegalArgumentException(
                    "No @SalesforceListener with id '" + id + "'; known ids: " + this.containers.keySet());
        }
        return container;
    }

    private void startContainer(SalesforceListenerContainer container) {
        if (container.markRunning(true) && this.running) {
            // Subscribes now if the client is open; else the dispatcher subscribes once
            // it opened the client.
            TransportLane lane = laneOf(container);
            lane.router().subscribe(container);
            lane.dispatcher().start();
        }
    }

    private void warnOfChannelsOnBothTransports(SalesforceListenerEndpoint endpoint) {
        for (SalesforceListenerContainer other : this.containers.values()) {
            if (other.getEndpoint().transport() == endpoint.transport()) {
                continue;
            }
            for (String channel : endpoint.channels()) {
                String key = ReplayKey.of(channel);
                if (other.getChannels().stream().map(ReplayKey::of).anyMatch(key::equals)) {
                    logger.warn("{} is listened to over both transports ({} by '{}', {} by '{}'): both clients "
                            + "commit its position under the same replay key, so after a restart each may resume "
                            + "from its default start instead", channel, endpoint.transport(), endpoint.id(),
                            other.getEndpoint().transport(), other.getId());
                }
            }
        }
    }

    /**
     * The clients of a transport, and who is told when opening one fails.
     */
    private record ClientSource(Supplier<? extends EventClient> clients, DispatchObserver connectionObserver) {
    }

    @Override
    public String toString() {
        return "SalesforceListenerEndpointRegistry[containers=" + getListenerContainerIds() + ", running="
                + this.running + "]";
    }

}
