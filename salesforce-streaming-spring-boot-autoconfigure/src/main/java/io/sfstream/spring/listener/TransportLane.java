package io.sfstream.spring.listener;

import java.util.Locale;
import java.util.function.Supplier;

import io.sfstream.core.client.EventClient;
import io.sfstream.spring.Transport;

/**
 * What the registry runs per transport in use: the {@link ClientConnector} of that
 * transport's shared client, the {@link ChannelRouter} of the containers listening over
 * it, and the {@link EventDispatcher} of the current start. The CometD and Pub/Sub
 * clients thus connect, deliver and commit independently of each other.
 *
 * <p>
 * Guarded by the registry: {@link #newDispatcher} and {@link #dispatcher()} are called
 * under its lock.
 */
final class TransportLane {

    private final Transport transport;

    private final ClientConnector<EventClientAdapter> connector;

    private final ChannelRouter router = new ChannelRouter();

    private volatile EventDispatcher dispatcher;

    /**
     * Creates the lane and takes the first client of the supplier.
     * @param transport the transport
     * @param clients supplies the client of each start after a close
     * @param backOff the delays between two attempts to open the client
     * @param connectionObserver told of every failed attempt to open the client
     * @param observer observes dispatching
     * @param parallelism the parallelism of the first dispatcher
     */
    TransportLane(Transport transport, Supplier<? extends EventClient> clients, JitteredExponentialBackOff backOff,
            DispatchObserver connectionObserver, DispatchObserver observer, Parallelism parallelism) {
        this.transport = transport;
        this.connector = new ClientConnector<>(() -> new EventClientAdapter(clients.get()), backOff,
                connectionObserver);
        this.dispatcher = createDispatcher(observer, parallelism);
    }

    Transport transport() {
        return this.transport;
    }

    ClientConnector<EventClientAdapter> connector() {
        return this.connector;
    }

    ChannelRouter router() {
        return this.router;
    }

    EventDispatcher dispatcher() {
        return this.dispatcher;
    }

    /**
     * Replaces the dispatcher, for a new start.
     * @param observer observes dispatching
     * @param parallelism the parallelism
     * @return the new dispatcher
     */
    EventDispatcher newDispatcher(DispatchObserver observer, Parallelism parallelism) {
        this.dispatcher = createDispatcher(observer, parallelism);
        return this.dispatcher;
    }

    private EventDispatcher createDispatcher(DispatchObserver observer, Parallelism parallelism) {
        String threadName = (this.transport == Transport.COMETD) ? "salesforce-streaming-dispatcher"
                : "salesforce-streaming-" + this.transport.name().toLowerCase(Locale.ROOT) + "-dispatcher";
        return new EventDispatcher(this.connector, this.router, observer, parallelism, threadName);
    }

    EventClient client() {
        return this.connector.client().client();
    }

    @Override
    public String toString() {
        return "TransportLane[" + this.transport + "]";
    }

}
