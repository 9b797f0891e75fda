package io.sfstream.emulator.internal.org;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.sfstream.emulator.HandshakeObservation;
import io.sfstream.emulator.SubscribeObservation;
import io.sfstream.emulator.TokenRequestObservation;

/**
 * Records what clients did, for tests to assert on.
 *
 * <p>
 * Thread-safe; every query returns an immutable snapshot.
 */
public final class ObservationLog {

    private final List<HandshakeObservation> handshakes = new CopyOnWriteArrayList<>();

    private final List<SubscribeObservation> subscribes = new CopyOnWriteArrayList<>();

    private final List<TokenRequestObservation> tokenRequests = new CopyOnWriteArrayList<>();

    private final Map<String, AtomicLong> requestsPerClientId = new ConcurrentHashMap<>();

    /**
     * Records a handshake.
     * @param observation what happened
     */
    public void handshake(HandshakeObservation observation) {
        this.handshakes.add(observation);
    }

    /**
     * Records a subscribe.
     * @param observation what happened
     */
    public void subscribe(SubscribeObservation observation) {
        this.subscribes.add(observation);
    }

    /**
     * Records a token request.
     * @param observation what happened
     */
    public void tokenRequest(TokenRequestObservation observation) {
        this.tokenRequests.add(observation);
    }

    /**
     * Counts one Bayeux message sent by a client.
     * @param clientId the client
     */
    public void request(String clientId) {
        this.requestsPerClientId.computeIfAbsent(clientId, id -> new AtomicLong()).incrementAndGet();
    }

    /**
     * Returns the recorded handshakes.
     * @return a snapshot, oldest first
     */
    public List<HandshakeObservation> handshakes() {
        return List.copyOf(this.handshakes);
    }

    /**
     * Returns the recorded subscribes.
     * @return a snapshot, oldest first
     */
    public List<SubscribeObservation> subscribes() {
        return List.copyOf(this.subscribes);
    }

    /**
     * Returns the recorded token requests.
     * @return a snapshot, oldest first
     */
    public List<TokenRequestObservation> tokenRequests() {
        return List.copyOf(this.tokenRequests);
    }

    /**
     * Returns how many Bayeux messages each client id sent (handshakes excluded).
     * @return a snapshot
     */
    public Map<String, Long> requestsPerClientId() {
        Map<String, Long> snapshot = new java.util.TreeMap<>();
        this.requestsPerClientId.forEach((id, count) -> snapshot.put(id, count.get()));
        return Map.copyOf(snapshot);
    }

    /** Forgets everything recorded. */
    public void clear() {
        this.handshakes.clear();
        this.subscribes.clear();
        this.tokenRequests.clear();
        this.requestsPerClientId.clear();
    }

}
