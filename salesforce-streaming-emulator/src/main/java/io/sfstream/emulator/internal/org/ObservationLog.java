package io.sfstream.emulator.internal.org;

import io.sfstream.emulator.HandshakeObservation;
import io.sfstream.emulator.SubscribeObservation;
import io.sfstream.emulator.TokenRequestObservation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

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
        handshakes.add(observation);
    }

    /**
     * Records a subscribe.
     * @param observation what happened
     */
    public void subscribe(SubscribeObservation observation) {
        subscribes.add(observation);
    }

    /**
     * Records a token request.
     * @param observation what happened
     */
    public void tokenRequest(TokenRequestObservation observation) {
        tokenRequests.add(observation);
    }

    /**
     * Counts one Bayeux message sent by a client.
     * @param clientId the client
     */
    public void request(String clientId) {
        requestsPerClientId.computeIfAbsent(clientId, id -> new AtomicLong()).incrementAndGet();
    }

    /**
     * Returns the recorded handshakes.
     * @return a snapshot, oldest first
     */
    public List<HandshakeObservation> handshakes() {
        return List.copyOf(handshakes);
    }

    /**
     * Returns the recorded subscribes.
     * @return a snapshot, oldest first
     */
    public List<SubscribeObservation> subscribes() {
        return List.copyOf(subscribes);
    }

    /**
     * Returns the recorded token requests.
     * @return a snapshot, oldest first
     */
    public List<TokenRequestObservation> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    /**
     * Returns how many Bayeux messages each client id sent (handshakes excluded).
     * @return a snapshot
     */
    public Map<String, Long> requestsPerClientId() {
        Map<String, Long> snapshot = new java.util.TreeMap<>();
        requestsPerClientId.forEach((id, count) -> snapshot.put(id, count.get()));
        return Map.copyOf(snapshot);
    }

    /** Forgets everything recorded. */
    public void clear() {
        handshakes.clear();
        subscribes.clear();
        tokenRequests.clear();
        requestsPerClientId.clear();
    }

}
