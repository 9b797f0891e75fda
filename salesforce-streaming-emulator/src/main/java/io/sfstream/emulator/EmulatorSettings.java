package io.sfstream.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

import io.sfstream.emulator.internal.events.ChannelCatalog;
import io.sfstream.emulator.internal.org.ConnectedApp;
import io.sfstream.emulator.internal.org.Directory;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link SalesforceEmulator.Builder} collected, and the defaults it falls back to.
 */
final class EmulatorSettings {

    int port;

    String bindAddress = "127.0.0.1";

    final Directory directory = new Directory();

    final ChannelCatalog catalog = new ChannelCatalog();

    Duration connectTimeout = EmulatorDefaults.CONNECT_TIMEOUT;

    Duration reconnectWindow = EmulatorDefaults.RECONNECT_WINDOW;

    Duration multiSessionInterval = EmulatorDefaults.MULTI_SESSION_INTERVAL;

    @Nullable Long firstReplayId;

    final Map<String, Long> firstReplayIds = new LinkedHashMap<>();

    EmulatorClock clock = EmulatorClock.system();

    int pubSubPort;

    Duration pubSubKeepalivePeriod = EmulatorDefaults.PUBSUB_KEEPALIVE_PERIOD;

    Duration pubSubIdleTimeout = EmulatorDefaults.PUBSUB_IDLE_TIMEOUT;

    boolean clientCredentialsConfigured;

    @Nullable SSLContext tls;

    boolean requireClientCertificate;

    private String firstConsumerKey = EmulatorDefaults.CONSUMER_KEY;

    /**
     * Adds the demo user and app when none were configured; returns the consumer key of
     * test tokens.
     */
    String applyDefaults() {
        if (!this.directory.hasUsers()) {
            this.directory.addUser(EmulatorDefaults.USERNAME, EmulatorDefaults.PASSWORD,
                    EmulatorDefaults.SECURITY_TOKEN);
        }
        if (!this.directory.hasApps()) {
            this.directory
                .addApp(new ConnectedApp(EmulatorDefaults.CONSUMER_KEY, EmulatorDefaults.CONSUMER_SECRET, null));
        }
        if (!this.clientCredentialsConfigured) {
            this.directory.setClientCredentialsUserForAllApps(this.directory.firstUser().username());
        }
        this.firstConsumerKey = this.directory.firstAppKey();
        return this.firstConsumerKey;
    }

}
