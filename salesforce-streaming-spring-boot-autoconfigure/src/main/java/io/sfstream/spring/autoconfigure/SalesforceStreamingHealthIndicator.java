package io.sfstream.spring.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.sfstream.core.client.ConnectionState;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.spring.leader.StreamingLeadership;
import io.sfstream.spring.listener.SalesforceListenerContainer;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the streaming connection: UP when connected with every listened channel
 * subscribed; DOWN with the reason when authentication fails, the connection is lost, or
 * Salesforce refused a channel. Listeners stopped on purpose do not make it DOWN. With
 * leader election the {@code role} detail says whether this instance is the
 * {@code leader} or a {@code standby}; a standby is UP. Details never include credentials
 * or tokens.
 */
final class SalesforceStreamingHealthIndicator extends AbstractHealthIndicator {

    private final SalesforceListenerEndpointRegistry registry;

    private final StreamingConnectionState state;

    private final @Nullable StreamingLeadership leadership;

    private final Duration gracePeriod;

    SalesforceStreamingHealthIndicator(SalesforceListenerEndpointRegistry registry, StreamingConnectionState state,
            @Nullable StreamingLeadership leadership, Duration gracePeriod) {
        super("Salesforce streaming health check failed");
        this.registry = registry;
        this.state = state;
        this.leadership = leadership;
        this.gracePeriod = gracePeriod;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        StreamingClient client = this.registry.getClient();
        ConnectionState connection = client.state();
        boolean anyRunning = this.registry.getListenerContainers()
            .stream()
            .anyMatch(SalesforceListenerContainer::isRunning);
        builder.withDetail("state", connection.name());
        boolean standby = this.leadership != null && !this.leadership.isLeader();
        builder.withDetail("subscriptions", standby ? java.util.Set.of() : this.state.subscribedChannels());
        if (this.leadership != null) {
            builder.withDetail("role", standby ? "standby" : "leader");
        }
        // A refused channel whose listeners were stopped on purpose does not make the
        // application unhealthy.
        java.util.Set<String> listened = new java.util.HashSet<>();
        this.registry.getListenerContainers()
            .stream()
            .filter(SalesforceListenerContainer::isRunning)
            .forEach((container) -> listened.addAll(container.getChannels()));
        Map<String, String> failedChannels = new java.util.TreeMap<>(this.state.failedChannels());
        failedChannels.keySet().retainAll(listened);
        String authenticationFailure = this.state.authenticationFailure();
        if (authenticationFailure != null) {
            builder.down().withDetail("reason", "authentication failed: " + authenticationFailure);
        }
        else if (this.state.limitExceeded() != null) {
            builder.down().withDetail("reason", "Salesforce limit: " + this.state.limitExceeded());
        }
        else if (!failedChannels.isEmpty()) {
            builder.down()
                .withDetail("reason", "Salesforce refused channel subscriptions")
                .withDetail("failedChannels", failedChannels);
        }
        else if (connection == ConnectionState.CONNECTED || !anyRunning) {
            builder.up();
        }
        else if (connection == ConnectionState.RECONNECTING || this.state.lastDisconnect() != null) {
            Duration lostFor = this.state.lostFor();
            String reason = this.state.lastDisconnect();
            String described = ((connection == ConnectionState.RECONNECTING) ? "connection lost, reconnecting"
                    : "cannot connect") + " for " + lostFor.toSeconds() + " s"
                    + ((reason != null) ? ": " + reason : "");
            if (lostFor.compareTo(this.gracePeriod) < 0) {
                builder.up().withDetail("reason", described + " (DOWN after " + this.gracePeriod.toSeconds() + " s)");
            }
            else {
                builder.down().withDetail("reason", described);
            }
        }
        else {
            builder.unknown().withDetail("reason", "connecting");
        }
    }

}
