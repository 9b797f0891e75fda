package io.sfstream.spring.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.sfstream.core.client.ConnectionState;
import io.sfstream.core.client.EventClient;
import io.sfstream.spring.Transport;
import io.sfstream.spring.leader.StreamingLeadership;
import io.sfstream.spring.listener.SalesforceListenerContainer;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the streaming connection: UP when connected with every listened channel
 * subscribed; DOWN with the reason when authentication fails, the connection is lost, or
 * Salesforce refused a channel. Listeners stopped on purpose do not make it DOWN. With
 * leader election the {@code role} detail says whether this instance is the
 * {@code leader} or a {@code standby}; a standby is UP. When listeners receive over the
 * Pub/Sub API, the {@code pubsub} detail reports that client the same way, and the status
 * is the worse of the two. Details never include credentials or tokens.
 */
final class SalesforceStreamingHealthIndicator extends AbstractHealthIndicator {

    private final SalesforceListenerEndpointRegistry registry;

    private final StreamingConnectionState state;

    private final @Nullable StreamingConnectionState pubSubState;

    private final @Nullable StreamingLeadership leadership;

    private final Duration gracePeriod;

    SalesforceStreamingHealthIndicator(SalesforceListenerEndpointRegistry registry, StreamingConnectionState state,
            @Nullable StreamingLeadership leadership, Duration gracePeriod) {
        this(registry, state, null, leadership, gracePeriod);
    }

    SalesforceStreamingHealthIndicator(SalesforceListenerEndpointRegistry registry, StreamingConnectionState state,
            @Nullable StreamingConnectionState pubSubState, @Nullable StreamingLeadership leadership,
            Duration gracePeriod) {
        super("Salesforce streaming health check failed");
        this.registry = registry;
        this.state = state;
        this.pubSubState = pubSubState;
        this.leadership = leadership;
        this.gracePeriod = gracePeriod;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean standby = this.leadership != null && !this.leadership.isLeader();
        if (this.leadership != null) {
            builder.withDetail("role", standby ? "standby" : "leader");
        }
        Verdict cometd = check(this.registry.getClient(), this.state, Transport.COMETD, standby);
        cometd.details().forEach(builder::withDetail);
        Status status = cometd.status();
        EventClient pubSubClient = this.registry.getClient(Transport.PUBSUB);
        if (pubSubClient != null && this.pubSubState != null) {
            Verdict pubSub = check(pubSubClient, this.pubSubState, Transport.PUBSUB, standby);
            builder.withDetail("pubsub", pubSub.details());
            if (rank(pubSub.status()) > rank(status)) {
                status = pubSub.status();
                if (pubSub.details().containsKey("reason")) {
                    builder.withDetail("reason", "Pub/Sub API: " + pubSub.details().get("reason"));
                }
            }
        }
        builder.status(status);
    }

    private Verdict check(EventClient client, StreamingConnectionState state, Transport transport, boolean standby) {
        Map<String, Object> details = new LinkedHashMap<>();
        ConnectionState connection = client.state();
        Set<String> listened = new HashSet<>();
        this.registry.getListenerContainers()
            .stream()
            .filter(SalesforceListenerContainer::isRunning)
            .filter((container) -> container.getEndpoint().transport() == transport)
            .forEach((container) -> listened.addAll(container.getChannels()));
        boolean anyRunning = !listened.isEmpty();
        details.put("state", connection.name());
        details.put("subscriptions", standby ? Set.of() : state.subscribedChannels());
        // A refused channel whose listeners were stopped on purpose does not make the
        // application unhealthy.
        Map<String, String> failedChannels = new TreeMap<>(state.failedChannels());
        failedChannels.keySet().retainAll(listened);
        String authenticationFailure = state.authenticationFailure();
        if (authenticationFailure != null) {
            details.put("reason", "authentication failed: " + authenticationFailure);
            return new Verdict(Status.DOWN, details);
        }
        if (state.limitExceeded() != null) {
            details.put("reason", "Salesforce limit: " + state.limitExceeded());
            return new Verdict(Status.DOWN, details);
        }
        if (!failedChannels.isEmpty()) {
            details.put("reason", "Salesforce refused channel subscriptions");
            details.put("failedChannels", failedChannels);
            return new Verdict(Status.DOWN, details);
        }
        if (connection == ConnectionState.CONNECTED || !anyRunning) {
            return new Verdict(Status.UP, details);
        }
        if (connection == ConnectionState.RECONNECTING || state.lastDisconnect() != null) {
            Duration lostFor = state.lostFor();
            String reason = state.lastDisconnect();
            String described = ((connection == ConnectionState.RECONNECTING) ? "connection lost, reconnecting"
                    : "cannot connect") + " for " + lostFor.toSeconds() + " s"
                    + ((reason != null) ? ": " + reason : "");
            if (lostFor.compareTo(this.gracePeriod) < 0) {
                details.put("reason", described + " (DOWN after " + this.gracePeriod.toSeconds() + " s)");
                return new Verdict(Status.UP, details);
            }
            details.put("reason", described);
            return new Verdict(Status.DOWN, details);
        }
        details.put("reason", "connecting");
        return new Verdict(Status.UNKNOWN, details);
    }

    private static int rank(Status status) {
        if (Status.DOWN.equals(status)) {
            return 2;
        }
        return Status.UNKNOWN.equals(status) ? 1 : 0;
    }

    private record Verdict(Status status, Map<String, Object> details) {
    }

}
