package io.sfstream.spring.autoconfigure;

import java.time.Duration;

import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.client.CommitMode;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.replay.FileReplayStore;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.spring.autoconfigure.SalesforceStreamingProperties.Replay;

/**
 * Maps {@code salesforce.streaming.*} properties onto the core client's builder and
 * replay store, validating each value and naming the property at fault.
 */
final class StreamingClientPropertiesMapper {

    private static final String PREFIX = "salesforce.streaming.";

    private final SalesforceStreamingProperties properties;

    StreamingClientPropertiesMapper(SalesforceStreamingProperties properties) {
        this.properties = properties;
    }

    StreamingClient.Builder builder(Authenticator authenticator, ReplayStore replayStore,
            Iterable<ClientLifecycleListener> lifecycleListeners) {
        Replay replay = this.properties.getReplay();
        StreamingClient.Builder builder = StreamingClient.builder(authenticator)
            .apiVersion(apiVersion())
            .replayStore(replayStore)
            .defaultReplay(defaultReplay())
            .replayFallback(fallback(replay.getFallback()))
            .commitMode(CommitMode.MANUAL)
            .commitBatching(positive("replay.commit-batch-size", replay.getCommitBatchSize()),
                    positive("replay.commit-interval", replay.getCommitInterval()))
            .connectionTimeout(positive("connection-timeout", this.properties.getConnectionTimeout()))
            .requestTimeout(positive("request-timeout", this.properties.getRequestTimeout()))
            .maxPendingCount(positive("max-pending-count", this.properties.getMaxPendingCount()))
            .backOff(positive("back-off.initial", this.properties.getBackOff().getInitial()), backOffMax());
        lifecycleListeners.forEach(builder::lifecycleListener);
        return builder;
    }

    ReplayStore replayStore() {
        Replay replay = this.properties.getReplay();
        return switch (replay.getStore()) {
            case MEMORY -> new InMemoryReplayStore();
            case FILE -> new FileReplayStore(replay.getFile().toAbsolutePath());
            case JDBC -> throw new InvalidSalesforceStreamingPropertyException(PREFIX + "replay.store",
                    "the jdbc replay store needs spring-jdbc on the classpath and one DataSource bean",
                    "Add spring-boot-starter-jdbc and a JDBC driver and configure spring.datasource.*, or use "
                            + "salesforce.streaming.replay.store=file (default) or memory.");
        };
    }

    String apiVersion() {
        String version = this.properties.getApiVersion().trim();
        double number;
        try {
            number = Double.parseDouble(version);
        }
        catch (NumberFormatException ex) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "api-version",
                    "'" + version + "' is not an API version", "Use a version such as 64.0.", ex);
        }
        if (number < 37.0) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "api-version",
                    "API version " + version + " is too old: durable replay needs 37.0 or later",
                    "Use a version such as 64.0.");
        }
        return version;
    }

    ReplayFrom defaultReplay() {
        try {
            return ReplayFrom.parse(this.properties.getReplay().getDefault());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + "replay.default", ex.getMessage(),
                    "Use 'new' (only new events), 'all' (every retained event) or a replay id.", ex);
        }
    }

    Duration backOffMax() {
        SalesforceStreamingProperties.BackOff backOff = this.properties.getBackOff();
        Duration max = positive("back-off.max", backOff.getMax());
        if (max.compareTo(backOff.getInitial()) < 0) {
            throw new InvalidSalesforceStreamingPropertyException(
                    PREFIX + "back-off.max", "must not be shorter than " + PREFIX + "back-off.initial ("
                            + backOff.getInitial() + "), was " + max,
                    "Set " + PREFIX + "back-off.max to " + backOff.getInitial() + " or more.");
        }
        return max;
    }

    static ReplayFallback fallback(Replay.Fallback fallback) {
        return switch (fallback) {
            case NEW -> ReplayFallback.NEW_EVENTS;
            case ALL -> ReplayFallback.ALL_EVENTS;
            case FAIL -> ReplayFallback.FAIL;
        };
    }

    static int positive(String property, int value) {
        if (value < 1) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + property, "must be 1 or more, not " + value,
                    "Set " + PREFIX + property + " to a positive number.");
        }
        return value;
    }

    static Duration positive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new InvalidSalesforceStreamingPropertyException(PREFIX + property,
                    "must be a positive duration, not " + value,
                    "Set " + PREFIX + property + " to a positive duration such as 10s.");
        }
        return value;
    }

}
