package io.sfstream.spring.autoconfigure;

import java.net.InetSocketAddress;
import java.net.URI;

import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.client.CommitMode;
import io.sfstream.core.http.HttpProxy;
import io.sfstream.core.http.HttpSettings;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.pubsub.PubSubClient;
import io.sfstream.spring.autoconfigure.SalesforceStreamingProperties.PubSub;
import io.sfstream.spring.autoconfigure.SalesforceStreamingProperties.Replay;
import org.jspecify.annotations.Nullable;

/**
 * Maps {@code salesforce.streaming.*} properties onto the Pub/Sub API client's builder:
 * {@code pubsub.*} for what only it has, and the settings it shares with the CometD
 * client (replay, back-off, timeouts, proxy, SSL bundle), validating each value and
 * naming the property at fault.
 */
final class PubSubClientPropertiesMapper {

    private static final String PREFIX = "salesforce.streaming.";

    private final SalesforceStreamingProperties properties;

    PubSubClientPropertiesMapper(SalesforceStreamingProperties properties) {
        this.properties = properties;
    }

    PubSubClient.Builder builder(Authenticator authenticator, ReplayStore replayStore,
            @Nullable PubSubEndpoint endpoint, HttpSettings http,
            Iterable<ClientLifecycleListener> lifecycleListeners) {
        StreamingClientPropertiesMapper shared = new StreamingClientPropertiesMapper(this.properties);
        Replay replay = this.properties.getReplay();
        PubSub pubSub = this.properties.getPubsub();
        PubSubEndpoint target = (endpoint != null) ? endpoint
                : new PubSubEndpoint(pubSub.getHost(), port(pubSub.getPort()), false);
        PubSubClient.Builder builder = PubSubClient.builder(authenticator)
            .host(target.host())
            .port(target.port())
            .replayStore(replayStore)
            .defaultReplay(defaultReplay(shared.defaultReplay()))
            .replayFallback(StreamingClientPropertiesMapper.fallback(replay.getFallback()))
            .commitMode(CommitMode.MANUAL)
            .commitBatching(
                    StreamingClientPropertiesMapper.positive("replay.commit-batch-size", replay.getCommitBatchSize()),
                    StreamingClientPropertiesMapper.positive("replay.commit-interval", replay.getCommitInterval()))
            .connectionTimeout(StreamingClientPropertiesMapper.positive("connection-timeout",
                    this.properties.getConnectionTimeout()))
            .requestTimeout(
                    StreamingClientPropertiesMapper.positive("request-timeout", this.properties.getRequestTimeout()))
            .maxPendingCount(maxPendingCount(pubSub.getMaxPendingCount()))
            .backOff(StreamingClientPropertiesMapper.positive("back-off.initial",
                    this.properties.getBackOff().getInitial()), shared.backOffMax())
            .keepaliveTimeout(
                    StreamingClientPropertiesMapper.positive("pubsub.keepalive-timeout", pubSub.getKeepaliveTimeout()))
            .idleTimeout(StreamingClientPropertiesMapper.positive("pubsub.idle-timeout", pubSub.getIdleTimeout()));
        if (target.plaintext()) {
            builder.plaintext();
        }
        else {
            if (http.sslContext() != null) {
                builder.sslContext(http.sslContext());
            }
            InetSocketAddress proxy = proxy(http, target);
            if (proxy != null) {
                builder.proxy(proxy);
            }
        }
        lifecycleListeners.forEach(builder::lifecycleListener);
        return builder;
    }

    private static ReplayFrom defaultReplay(ReplayFrom replay) {
        if (replay.isReplayId()) {
            throw new InvalidSalesforceStreamingPropertyException(
                    PREFIX + "replay.default", "replay id " + replay.value()
                            + " cannot start a channel of the Pub/Sub API, whose replay ids " + "are opaque bytes",
                    "Use 'new' or 'all' (a stored position is resumed from either way).");
        }
        return replay;
    }

    private static int port(int port) {
        if (port < 1 || port > 65_535) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "pubsub.port", port + " is not a port",
                    "Use 443 (the default) or 7443.");
        }
        return port;
    }

    private static int maxPendingCount(int count) {
        if (count < 1 || count > PubSubClient.DEFAULT_MAX_PENDING_COUNT) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "pubsub.max-pending-count",
                    "must be 1 to 100 (the Pub/Sub API owes a stream at most 100 events), not " + count,
                    "Set " + PREFIX + "pubsub.max-pending-count to 100 (the default) or less.");
        }
        return count;
    }

    /**
     * Returns the proxy the Pub/Sub API is reached through, as the token and Bayeux
     * requests are: {@code salesforce.streaming.proxy.*} or the JVM's proxy properties.
     */
    private static @Nullable InetSocketAddress proxy(HttpSettings http, PubSubEndpoint target) {
        HttpProxy proxy = http.proxyFor(URI.create("https://" + target.host() + ":" + target.port()));
        if (proxy == null) {
            return null;
        }
        if (proxy.hasCredentials()) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "proxy.username",
                    "the Pub/Sub API client cannot authenticate to a proxy (it connects through " + proxy.host() + ":"
                            + proxy.port() + " without credentials)",
                    "Use a proxy that lets the application through without credentials, or listen over CometD.");
        }
        return new InetSocketAddress(proxy.host(), proxy.port());
    }

}
