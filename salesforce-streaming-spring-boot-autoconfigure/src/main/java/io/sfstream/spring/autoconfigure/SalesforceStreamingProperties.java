package io.sfstream.spring.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * Configuration properties for the Salesforce Streaming API client and
 * {@code @SalesforceListener} methods.
 */
@ConfigurationProperties("salesforce.streaming")
public class SalesforceStreamingProperties {

    /**
     * Whether to auto-configure the Salesforce streaming client and listener methods.
     */
    private boolean enabled = true;

    /**
     * Base URL of the OAuth token endpoint: a My Domain URL such as
     * https://acme.my.salesforce.com, or https://login.salesforce.com (default) or
     * https://test.salesforce.com. Must be https unless the host is loopback.
     */
    private @Nullable URI loginUrl;

    /**
     * Whether to log in to a sandbox (https://test.salesforce.com) when login-url is not
     * set.
     */
    private boolean sandbox;

    /**
     * Streaming API version, 37.0 or later.
     */
    private String apiVersion = "64.0";

    /**
     * OAuth flow. Inferred from the credentials given when not set.
     */
    private @Nullable AuthFlow authFlow;

    /**
     * Consumer key (client id) of the connected app or external client app.
     */
    private @Nullable String consumerKey;

    /**
     * Consumer secret (client secret) of the connected app.
     */
    private @Nullable String consumerSecret;

    /**
     * Salesforce username, for the password and JWT bearer flows.
     */
    private @Nullable String username;

    /**
     * Salesforce password, for the password flow.
     */
    private @Nullable String password;

    /**
     * Security token appended to the password, for the password flow from untrusted IP
     * ranges.
     */
    private @Nullable String securityToken;

    /**
     * Refresh token, for the refresh-token flow.
     */
    private @Nullable String refreshToken;

    /**
     * How long receiving waits for a lost connection to come back before reporting a
     * transport timeout. The client keeps reconnecting in the background.
     */
    private Duration connectionTimeout = Duration.ofSeconds(10);

    /**
     * How long a handshake, subscribe or unsubscribe may go unanswered before the client
     * abandons it and reconnects. The long poll waits for the hold Salesforce advises
     * (110 s) plus 10 seconds, or plus this timeout if shorter, so a connection dropped
     * silently by a NAT gateway or proxy goes unnoticed for about two minutes at most.
     */
    private Duration requestTimeout = Duration.ofSeconds(30);

    /**
     * Maximum number of received events waiting for listeners. When full, no new long
     * poll is sent.
     */
    private int maxPendingCount = 100;

    /**
     * API that @SalesforceListener methods receive their events over, unless their
     * transport attribute says otherwise. pubsub needs
     * io.sfstream:salesforce-streaming-pubsub on the class path.
     */
    private Transport transport = Transport.COMETD;

    private final Jwt jwt = new Jwt();

    private final PubSub pubsub = new PubSub();

    private final Health health = new Health();

    private final BackOff backOff = new BackOff();

    private final Replay replay = new Replay();

    private final Listener listener = new Listener();

    private final Proxy proxy = new Proxy();

    private final Ssl ssl = new Ssl();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable URI getLoginUrl() {
        return this.loginUrl;
    }

    public void setLoginUrl(@Nullable URI loginUrl) {
        this.loginUrl = loginUrl;
    }

    public boolean isSandbox() {
        return this.sandbox;
    }

    public void setSandbox(boolean sandbox) {
        this.sandbox = sandbox;
    }

    public String getApiVersion() {
        return this.apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public @Nullable AuthFlow getAuthFlow() {
        return this.authFlow;
    }

    public void setAuthFlow(@Nullable AuthFlow authFlow) {
        this.authFlow = authFlow;
    }

    public @Nullable String getConsumerKey() {
        return this.consumerKey;
    }

    public void setConsumerKey(@Nullable String consumerKey) {
        this.consumerKey = consumerKey;
    }

    public @Nullable String getConsumerSecret() {
        return this.consumerSecret;
    }

    public void setConsumerSecret(@Nullable String consumerSecret) {
        this.consumerSecret = consumerSecret;
    }

    public @Nullable String getUsername() {
        return this.username;
    }

    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    public @Nullable String getPassword() {
        return this.password;
    }

    public void setPassword(@Nullable String password) {
        this.password = password;
    }

    public @Nullable String getSecurityToken() {
        return this.securityToken;
    }

    public void setSecurityToken(@Nullable String securityToken) {
        this.securityToken = securityToken;
    }

    public @Nullable String getRefreshToken() {
        return this.refreshToken;
    }

    public void setRefreshToken(@Nullable String refreshToken) {
        this.refreshToken = refreshToken;
    }

    public Duration getConnectionTimeout() {
        return this.connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public Duration getRequestTimeout() {
        return this.requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getMaxPendingCount() {
        return this.maxPendingCount;
    }

    public void setMaxPendingCount(int maxPendingCount) {
        this.maxPendingCount = maxPendingCount;
    }

    public Health getHealth() {
        return this.health;
    }

    public Jwt getJwt() {
        return this.jwt;
    }

    public BackOff getBackOff() {
        return this.backOff;
    }

    public Replay getReplay() {
        return this.replay;
    }

    public Listener getListener() {
        return this.listener;
    }

    public Proxy getProxy() {
        return this.proxy;
    }

    public Ssl getSsl() {
        return this.ssl;
    }

    public Transport getTransport() {
        return this.transport;
    }

    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    public PubSub getPubsub() {
        return this.pubsub;
    }

    @Override
    public String toString() {
        return "SalesforceStreamingProperties[loginUrl=" + this.loginUrl + ", sandbox=" + this.sandbox + ", authFlow="
                + this.authFlow + ", username=" + this.username + "]";
    }

    /**
     * APIs that events are received over.
     */
    public enum Transport {

        /** CometD Streaming API: every channel kind. */
        COMETD,

        /** Pub/Sub API (gRPC): platform events and change events. */
        PUBSUB

    }

    /**
     * Pub/Sub API client settings, used when a listener receives its events over the
     * Pub/Sub API. Authentication, replay, back-off, proxy and SSL bundle are the
     * client's shared settings.
     */
    public static class PubSub {

        /**
         * Host of the Pub/Sub API (api.deu.pubsub.salesforce.com for orgs processed in
         * Germany).
         */
        private String host = "api.pubsub.salesforce.com";

        /**
         * Port of the Pub/Sub API: 443, or 7443 where a firewall allows it.
         */
        private int port = 443;

        /**
         * Maximum number of events per channel that the server is owed or that wait for
         * listeners, 1 to 100 (the Pub/Sub API's own cap).
         */
        private int maxPendingCount = 100;

        /**
         * How long a stream that is owed events may receive neither an event nor a
         * keepalive before it is resubscribed from the stored position.
         */
        private Duration keepaliveTimeout = Duration.ofSeconds(300);

        /**
         * How long the server keeps a stream that owes nothing open (Salesforce: 60 s).
         * The client parks a stream whose listeners lag before that.
         */
        private Duration idleTimeout = Duration.ofSeconds(60);

        public String getHost() {
            return this.host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public int getPort() {
            return this.port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public int getMaxPendingCount() {
            return this.maxPendingCount;
        }

        public void setMaxPendingCount(int maxPendingCount) {
            this.maxPendingCount = maxPendingCount;
        }

        public Duration getKeepaliveTimeout() {
            return this.keepaliveTimeout;
        }

        public void setKeepaliveTimeout(Duration keepaliveTimeout) {
            this.keepaliveTimeout = keepaliveTimeout;
        }

        public Duration getIdleTimeout() {
            return this.idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

    }

    /**
     * OAuth flows.
     */
    public enum AuthFlow {

        /** Username-password flow. */
        PASSWORD,

        /** Refresh-token flow. */
        REFRESH_TOKEN,

        /** JWT bearer flow, signed with the connected app certificate's private key. */
        JWT_BEARER,

        /** Client-credentials flow; needs a My Domain login-url. */
        CLIENT_CREDENTIALS

    }

    /**
     * HTTP proxy that token requests and Bayeux requests cross. When host is not set, the
     * JVM's standard proxy system properties apply (https.proxyHost, https.proxyPort,
     * http.nonProxyHosts and friends).
     */
    public static class Proxy {

        /**
         * Host name or address of the HTTP proxy.
         */
        private @Nullable String host;

        /**
         * Port of the HTTP proxy.
         */
        private @Nullable Integer port;

        /**
         * User for the proxy's Basic authentication.
         */
        private @Nullable String username;

        /**
         * Password for the proxy's Basic authentication.
         */
        private @Nullable String password;

        /**
         * Hosts reached directly, not through the proxy: names or addresses, each may
         * start or end with '*', such as *.corp.example.com or 10.*.
         */
        private List<String> nonProxyHosts = new ArrayList<>();

        public @Nullable String getHost() {
            return this.host;
        }

        public void setHost(@Nullable String host) {
            this.host = host;
        }

        public @Nullable Integer getPort() {
            return this.port;
        }

        public void setPort(@Nullable Integer port) {
            this.port = port;
        }

        public @Nullable String getUsername() {
            return this.username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return this.password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public List<String> getNonProxyHosts() {
            return this.nonProxyHosts;
        }

        public void setNonProxyHosts(List<String> nonProxyHosts) {
            this.nonProxyHosts = nonProxyHosts;
        }

    }

    /**
     * TLS settings of token requests and Bayeux requests.
     */
    public static class Ssl {

        /**
         * Name of the SSL bundle (spring.ssl.bundle.*) whose trust material decides which
         * server certificates are trusted (a private certificate authority, a proxy that
         * inspects TLS), and whose key material, if any, is the client certificate for
         * mutual TLS. When not set, the JVM's default trust store applies.
         */
        private @Nullable String bundle;

        public @Nullable String getBundle() {
            return this.bundle;
        }

        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }

    }

    /**
     * JWT bearer flow settings.
     */
    public static class Jwt {

        /**
         * PEM file (PKCS#8 or PKCS#1) holding the private key of the connected app's
         * certificate.
         */
        private @Nullable Resource privateKey;

        /**
         * Audience (aud claim) of the JWT assertion. Defaults to the login host.
         */
        private @Nullable String audience;

        public @Nullable Resource getPrivateKey() {
            return this.privateKey;
        }

        public void setPrivateKey(@Nullable Resource privateKey) {
            this.privateKey = privateKey;
        }

        public @Nullable String getAudience() {
            return this.audience;
        }

        public void setAudience(@Nullable String audience) {
            this.audience = audience;
        }

    }

    /**
     * Reconnection back-off: exponential with jitter. Org limits (concurrent clients,
     * daily events) back off from 30 times the initial delay, up to the same maximum.
     */
    public static class BackOff {

        /**
         * Delay before the first reconnection attempt after a failure.
         */
        private Duration initial = Duration.ofSeconds(1);

        /**
         * Longest delay between two reconnection attempts.
         */
        private Duration max = Duration.ofMinutes(5);

        public Duration getInitial() {
            return this.initial;
        }

        public void setInitial(Duration initial) {
            this.initial = initial;
        }

        public Duration getMax() {
            return this.max;
        }

        public void setMax(Duration max) {
            this.max = max;
        }

    }

    /**
     * Replay settings: where channels start and where positions are stored.
     */
    public static class Replay {

        /**
         * Where a channel with no stored position starts: 'new' (only new events), 'all'
         * (every retained event), or a replay id.
         */
        private String start = "new";

        /**
         * What to do when a stored position has expired: resume with new events, all
         * retained events, or fail.
         */
        private Fallback fallback = Fallback.ALL;

        /**
         * Where replay positions are stored.
         */
        private Store store = Store.FILE;

        /**
         * File that holds replay positions when store is 'file'.
         */
        private Path file = Path.of(".sfstream", "replay-positions.json");

        /**
         * Maximum number of commits batched before positions are written to the store.
         */
        private int commitBatchSize = 1000;

        /**
         * Maximum time a committed position waits before it is written to the store.
         */
        private Duration commitInterval = Duration.ofSeconds(1);

        /**
         * Returns where a channel with no stored position starts; bound to
         * {@code salesforce.streaming.replay.default}.
         * @return 'new', 'all' or a replay id
         */
        public String getDefault() {
            return this.start;
        }

        /**
         * Sets where a channel with no stored position starts.
         * @param start 'new', 'all' or a replay id
         */
        public void setDefault(String start) {
            this.start = start;
        }

        public Fallback getFallback() {
            return this.fallback;
        }

        public void setFallback(Fallback fallback) {
            this.fallback = fallback;
        }

        public Store getStore() {
            return this.store;
        }

        public void setStore(Store store) {
            this.store = store;
        }

        public Path getFile() {
            return this.file;
        }

        public void setFile(Path file) {
            this.file = file;
        }

        public int getCommitBatchSize() {
            return this.commitBatchSize;
        }

        public void setCommitBatchSize(int commitBatchSize) {
            this.commitBatchSize = commitBatchSize;
        }

        public Duration getCommitInterval() {
            return this.commitInterval;
        }

        public void setCommitInterval(Duration commitInterval) {
            this.commitInterval = commitInterval;
        }

        /**
         * Replay fallback policies.
         */
        public enum Fallback {

            /** Resume with new events only (-1). */
            NEW,

            /** Resume with every retained event (-2). */
            ALL,

            /** Fail the channel's subscription. */
            FAIL

        }

        /**
         * Replay stores.
         */
        public enum Store {

            /** In memory: positions are lost on restart. */
            MEMORY,

            /** A local file, replaced atomically on every write. */
            FILE,

            /** A relational database table, through the application's DataSource. */
            JDBC

        }

    }

    /**
     * The {@code salesforceStreaming} health indicator.
     */
    public static class Health {

        /**
         * How long a lost connection may take to come back before health reports DOWN. A
         * routine reconnect stays UP (with the state as a detail); refused credentials, a
         * Salesforce limit and a refused channel are DOWN at once.
         */
        private Duration gracePeriod = Duration.ofSeconds(30);

        public Duration getGracePeriod() {
            return this.gracePeriod;
        }

        public void setGracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
        }

    }

    /**
     * Listener method settings.
     */
    public static class Listener {

        /**
         * Whether listener containers start with the application context.
         */
        private boolean autoStartup = true;

        /**
         * How long shutdown waits for listener calls in progress to finish.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        /**
         * How many channels are processed at once. Events of one channel are always
         * processed in order. 1 processes every channel on one thread.
         */
        private int concurrency = 1;

        /**
         * Lifecycle phase of the listener registry: it starts after, and stops before,
         * beans of lower phases.
         */
        private int phase = Integer.MAX_VALUE;

        /**
         * Whether each listener call is observed with Micrometer Observation (traces and
         * the listener duration timer).
         */
        private boolean observationEnabled;

        private final Retry retry = new Retry();

        public int getConcurrency() {
            return this.concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public int getPhase() {
            return this.phase;
        }

        public void setPhase(int phase) {
            this.phase = phase;
        }

        public boolean isObservationEnabled() {
            return this.observationEnabled;
        }

        public void setObservationEnabled(boolean observationEnabled) {
            this.observationEnabled = observationEnabled;
        }

        public boolean isAutoStartup() {
            return this.autoStartup;
        }

        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }

        public Duration getShutdownTimeout() {
            return this.shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public Retry getRetry() {
            return this.retry;
        }

        /**
         * Retries of a failed listener call, with exponential back-off.
         */
        public static class Retry {

            /**
             * Maximum number of calls of a listener method for one event, the first
             * included. 1 disables retries.
             */
            private int maxAttempts = 3;

            /**
             * Delay before the first retry.
             */
            private Duration initialInterval = Duration.ofSeconds(1);

            /**
             * Factor applied to the delay after each retry.
             */
            private double multiplier = 2.0;

            /**
             * Longest delay between two retries.
             */
            private Duration maxInterval = Duration.ofSeconds(10);

            public int getMaxAttempts() {
                return this.maxAttempts;
            }

            public void setMaxAttempts(int maxAttempts) {
                this.maxAttempts = maxAttempts;
            }

            public Duration getInitialInterval() {
                return this.initialInterval;
            }

            public void setInitialInterval(Duration initialInterval) {
                this.initialInterval = initialInterval;
            }

            public double getMultiplier() {
                return this.multiplier;
            }

            public void setMultiplier(double multiplier) {
                this.multiplier = multiplier;
            }

            public Duration getMaxInterval() {
                return this.maxInterval;
            }

            public void setMaxInterval(Duration maxInterval) {
                this.maxInterval = maxInterval;
            }

        }

    }

}
