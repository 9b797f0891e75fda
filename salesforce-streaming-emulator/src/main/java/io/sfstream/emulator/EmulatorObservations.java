package io.sfstream.emulator;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sfstream.emulator.internal.bayeux.EventBus;
import io.sfstream.emulator.internal.org.ObservationLog;

/**
 * What clients did to the emulated org, for tests to assert on.
 *
 * <p>
 * Thread-safe; every method returns an immutable snapshot.
 */
public final class EmulatorObservations {

    private final ObservationLog log;

    private final EventBus bus;

    EmulatorObservations(ObservationLog log, EventBus bus) {
        this.log = log;
        this.bus = bus;
    }

    /**
     * Returns every handshake answered, with the token it carried, the client id handed
     * out and its {@code ext}.
     * @return the handshakes, oldest first
     */
    public List<HandshakeObservation> handshakes() {
        return this.log.handshakes();
    }

    /**
     * Returns every subscribe answered, with its replay map and outcome.
     * @return the subscribes, oldest first
     */
    public List<SubscribeObservation> subscribes() {
        return this.log.subscribes();
    }

    /**
     * Returns how many Bayeux messages (other than handshakes) each client id sent.
     * @return client id to message count
     */
    public Map<String, Long> requestsPerClientId() {
        return this.log.requestsPerClientId();
    }

    /**
     * Returns the client ids currently subscribed to each channel (filtered PushTopic
     * subscriptions count under their channel without the query).
     * @return channel to client ids
     */
    public Map<String, Set<String>> subscribers() {
        return this.bus.subscribersByChannel();
    }

    /**
     * Returns the client ids currently subscribed to one channel.
     * @param channel the channel, e.g. {@code /topic/AccountUpdates}
     * @return the client ids, empty when none
     */
    public Set<String> subscribers(String channel) {
        return this.bus.subscribersByChannel().getOrDefault(channel, Set.of());
    }

    /**
     * Returns every request to the token endpoint: grant type, client id, username,
     * outcome. No secrets.
     * @return the token requests, oldest first
     */
    public List<TokenRequestObservation> tokenRequests() {
        return this.log.tokenRequests();
    }

    /** Forgets every recorded handshake, subscribe, request count and token request. */
    public void clear() {
        this.log.clear();
    }

}
