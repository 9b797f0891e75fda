package io.sfstream.emulator;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.sfstream.emulator.internal.bayeux.EventBus;
import io.sfstream.emulator.internal.control.ControlServlet;
import io.sfstream.emulator.internal.events.ChannelKind;
import io.sfstream.emulator.internal.events.EventShapes;
import io.sfstream.emulator.internal.events.EventStore;
import io.sfstream.emulator.internal.org.AccessTokens;
import io.sfstream.emulator.internal.org.ConnectedApp;
import io.sfstream.emulator.internal.org.FaultState;
import io.sfstream.emulator.internal.org.ObservationLog;
import io.sfstream.emulator.internal.org.SalesforceIds;
import io.sfstream.emulator.internal.org.UserAccount;
import io.sfstream.emulator.internal.pubsub.PubSubServer;
import io.sfstream.emulator.internal.server.EmulatedOrg;
import io.sfstream.emulator.internal.server.EmulatorHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulated Salesforce org on loopback: the OAuth token endpoint, the Streaming API
 * (Bayeux over CometD long-polling, with the replay extension), the Pub/Sub API (gRPC,
 * in-process and on its own port, see {@link #pubSubTarget()}) and the REST endpoint that
 * publishes platform events. Every event published reaches the subscribers of both
 * transports.
 *
 * <pre>{@code
 * try (SalesforceEmulator emulator = SalesforceEmulator.builder().pushTopic("AccountUpdates").start()) {
 *     emulator.publish("/topic/AccountUpdates", Map.of("Name", "Acme"));
 * }
 * }</pre>
 *
 * <p>
 * {@link #loginUrl()} ({@code http://127.0.0.1:port}) behaves like
 * {@code login.salesforce.com}; {@link #myDomainUrl()} ({@code http://localhost:port})
 * behaves like a My Domain host and is the {@code instance_url} of every token. Both are
 * {@code https} when the emulator serves TLS ({@link Builder#https}). Thread-safe.
 */
public final class SalesforceEmulator implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(SalesforceEmulator.class);

    private final EmulatedOrg org;

    private final EmulatorHttpServer server;

    private final PubSubServer pubSub;

    private final Faults faults;

    private final EmulatorObservations observations;

    private final String defaultConsumerKey;

    private SalesforceEmulator(EmulatedOrg org, EmulatorHttpServer server, PubSubServer pubSub,
            String defaultConsumerKey) {
        this.org = org;
        this.server = server;
        this.pubSub = pubSub;
        this.defaultConsumerKey = defaultConsumerKey;
        this.faults = new Faults(org.faults(), org.tokens(), server, pubSub);
        this.observations = new EmulatorObservations(org.observations(), org.bus());
    }

    /**
     * Starts configuring an emulator.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the URL that behaves like {@code https://login.salesforce.com}:
     * {@code http://127.0.0.1:port}. The client-credentials flow is refused here.
     * @return the login URL
     */
    public URI loginUrl() {
        return this.server.loginUrl();
    }

    /**
     * Returns the URL that behaves like {@code https://MyDomain.my.salesforce.com}:
     * {@code http://localhost:port}. It is the {@code instance_url} of every token
     * response.
     * @return the My Domain URL
     */
    public URI myDomainUrl() {
        return this.server.myDomainUrl();
    }

    /**
     * Returns the port listened on.
     * @return the port
     */
    public int port() {
        return this.server.port();
    }

    /**
     * Returns the port of the Pub/Sub API server: gRPC over plaintext HTTP/2 (no TLS) on
     * the bind address. Salesforce's is {@code api.pubsub.salesforce.com:443} (or 7443),
     * with TLS.
     * @return the port
     */
    public int pubSubPort() {
        return this.pubSub.port();
    }

    /**
     * Returns where the Pub/Sub API server listens, as a gRPC target {@code host:port}
     * ({@code 127.0.0.1:port} unless bound elsewhere); plaintext.
     * @return the target
     */
    public String pubSubTarget() {
        return pubSubHost() + ":" + pubSubPort();
    }

    /**
     * Returns the host of {@link #pubSubTarget()}.
     * @return the host
     */
    public String pubSubHost() {
        String bind = this.server.bindHost();
        return (bind.equals("0.0.0.0") || bind.equals("::")) ? EmulatorHttpServer.LOGIN_HOST : bind;
    }

    /**
     * Returns the name of the in-process Pub/Sub API server, for grpc-java's in-process
     * transport ({@code InProcessChannelBuilder.forName(name)}, from
     * {@code io.grpc:grpc-inprocess}): the same service as {@link #pubSubTarget()},
     * without a socket.
     * @return the in-process server name
     */
    public String pubSubInProcessName() {
        return this.pubSub.inProcessName();
    }

    /**
     * Returns how many Pub/Sub {@code Subscribe} streams are open.
     * @return the count
     */
    public int pubSubOpenStreams() {
        return this.pubSub.openStreams();
    }

    /**
     * Returns the Bayeux endpoint of an API version:
     * {@code myDomainUrl/cometd/{version}}.
     * @param apiVersion e.g. {@code 64.0}
     * @return the CometD URL
     */
    public URI cometdUrl(String apiVersion) {
        return URI.create(myDomainUrl() + "/cometd/" + apiVersion);
    }

    /**
     * Returns the username-password login of the first configured user through the first
     * configured connected app (the demo credentials of {@link EmulatorDefaults} unless
     * the builder added users or apps): what a client, or the Spring Boot starter's
     * connection details, logs in with.
     * @return the login
     */
    public EmulatorLogin login() {
        UserAccount user = this.org.directory().firstUser();
        ConnectedApp app = this.org.directory()
            .app(this.defaultConsumerKey)
            .orElseThrow(() -> new IllegalStateException("No connected app " + this.defaultConsumerKey));
        return new EmulatorLogin(loginUrl(), app.consumerKey(), app.consumerSecret(), user.username(), user.password(),
                user.securityToken());
    }

    /**
     * Issues a valid access token for the first configured user, without an OAuth round
     * trip.
     * @return the access token
     */
    public String issueAccessToken() {
        return this.org.tokens()
            .issue(this.org.directory().firstUser(), this.defaultConsumerKey, this.org.clock().now())
            .accessToken();
    }

    /**
     * Declares a PushTopic channel at runtime.
     * @param name {@code Name} or {@code /topic/Name}
     * @return the channel name
     */
    public String declarePushTopic(String name) {
        return this.org.catalog().declare(ChannelKind.PUSH_TOPIC, name);
    }

    /**
     * Declares a high-volume platform event channel at runtime (72 h retention).
     * @param name {@code Name__e} or {@code /event/Name__e}
     * @return the channel name
     */
    public String declarePlatformEvent(String name) {
        return this.org.catalog().declare(ChannelKind.PLATFORM_EVENT, name);
    }

    /**
     * Declares a high-volume platform event channel at runtime with its fields. The REST
     * endpoint and {@link #publish(String, Map)} then refuse any other field
     * ({@code No such column 'Foo__c' on sobject of
     * type Name__e}); field names match without regard to case and are delivered as
     * declared. Without fields the event is schema-less and accepts any field. Declaring
     * it again with fields replaces them.
     * @param name {@code Name__e} or {@code /event/Name__e}
     * @param fields the event's custom fields, e.g. {@code OrderNumber__c}
     * @return the channel name
     */
    public String declarePlatformEvent(String name, String... fields) {
        return this.org.catalog().declarePlatformEvent(name, Arrays.asList(fields));
    }

    /**
     * Makes the replay ids of a declared channel start at {@code first} (any 64-bit value
     * from 1), as on a busy org where they exceed 2^32. The channel must have had no
     * events yet. Change Data Capture channels share one sequence: this starts them all,
     * {@code /data/ChangeEvents} included.
     * @param channel a declared channel, e.g. {@code /event/Order_Placed__e}
     * @param first the replay id of its first event
     * @throws IllegalArgumentException when the channel is not declared or {@code first}
     * is below 1
     * @throws IllegalStateException when the channel has had events already
     */
    public void replayIdStart(String channel, long first) {
        if (!this.org.catalog().isDeclared(channel)) {
            throw new IllegalArgumentException("Channel not declared in the emulated org: " + channel);
        }
        if (!this.org.bus().startReplayIdsAt(channel, first)) {
            throw new IllegalStateException("Channel " + channel + " has had events already: its replay ids are set");
        }
    }

    /**
     * Declares a Change Data Capture entity channel at runtime (72 h retention). Its
     * events are also delivered on {@code /data/ChangeEvents}.
     * @param name {@code AccountChangeEvent} or {@code /data/AccountChangeEvent}
     * @return the channel name
     */
    public String declareChangeDataCapture(String name) {
        return this.org.catalog().declare(ChannelKind.CHANGE_DATA_CAPTURE, name);
    }

    /**
     * Declares a generic streaming channel at runtime.
     * @param name {@code Name} or {@code /u/Name}
     * @return the channel name
     */
    public String declareGenericChannel(String name) {
        return this.org.catalog().declare(ChannelKind.GENERIC, name);
    }

    /**
     * Publishes one event. What {@code fields} holds depends on the channel kind:
     * <ul>
     * <li>{@code /topic/*}: the record ({@code sobject}); the event {@code type} is
     * {@code created} (see {@link #publish(String, String, Map)}); an {@code Id} is
     * generated when missing;</li>
     * <li>{@code /event/*}: the event's fields, added to {@code payload} after
     * {@code CreatedDate} and {@code CreatedById};</li>
     * <li>{@code /data/*ChangeEvent}: the record's fields; a {@code ChangeEventHeader} is
     * generated ({@code CREATE}, or {@code UPDATE} with {@code changedFields} when an
     * {@code Id} is given) unless the key {@code ChangeEventHeader} holds one; also
     * delivered on {@code /data/ChangeEvents};</li>
     * <li>{@code /u/*}: {@code {"payload": "text"}} sends that string; any other map is
     * sent as its JSON text.</li>
     * </ul>
     * @param channel a declared channel, e.g. {@code /event/Order_Placed__e}
     * @param fields the event's fields
     * @return the stored event, as delivered ({@link PublishedEvent#eventUuid()} gives a
     * platform event's {@code EventUuid})
     * @throws IllegalArgumentException when the channel is not declared, or when a
     * platform event declared with fields gets another field
     * ({@link io.sfstream.emulator.InvalidFieldException}, naming the field)
     */
    public PublishedEvent publish(String channel, Map<String, Object> fields) {
        return this.org.bus().publish(channel, List.of(fields), null, publisherId()).get(0);
    }

    /**
     * Publishes one PushTopic event with an explicit event type.
     * @param channel a declared {@code /topic/*} channel
     * @param type {@code created}, {@code updated}, {@code deleted} or {@code undeleted}
     * @param sobject the record's fields
     * @return the stored event, as delivered
     */
    public PublishedEvent publish(String channel, String type, Map<String, Object> sobject) {
        Objects.requireNonNull(type, "type");
        return this.org.bus().publish(channel, List.of(sobject), type, publisherId()).get(0);
    }

    /**
     * Publishes one generic streaming event with a payload string.
     * @param channel a declared {@code /u/*} channel
     * @param payload the payload
     * @return the stored event, as delivered
     */
    public PublishedEvent publish(String channel, String payload) {
        return publish(channel, Map.of(EventShapes.PAYLOAD, payload));
    }

    /**
     * Publishes events atomically: subscribers receive the whole batch in one
     * {@code /meta/connect} response.
     * @param channel a declared channel
     * @param events the fields of each event, as for {@link #publish(String, Map)}
     * @return the stored events, in order
     */
    public List<PublishedEvent> publishBatch(String channel, List<Map<String, Object>> events) {
        return this.org.bus().publish(channel, events, null, publisherId());
    }

    /**
     * Returns the org's clock; {@code clock().advance(Duration)} makes retained events
     * expire.
     * @return the clock
     */
    public EmulatorClock clock() {
        return this.org.clock();
    }

    /**
     * Returns the fault injector.
     * @return the faults
     */
    public Faults faults() {
        return this.faults;
    }

    /**
     * Returns what clients did.
     * @return the observations
     */
    public EmulatorObservations observations() {
        return this.observations;
    }

    /**
     * Returns the org's 18-character id, as found in the {@code id} URL of token
     * responses.
     * @return the org id
     */
    public String orgId() {
        return this.org.orgId();
    }

    /**
     * Stops the HTTP server and the Pub/Sub API server, as when Salesforce becomes
     * unreachable. Users, channels, tokens and the event store are kept; Bayeux sessions
     * are lost.
     */
    public void stop() {
        this.server.stop();
        this.pubSub.stop();
        logger.info("Salesforce emulator stopped on port {}", this.server.port());
    }

    /**
     * Starts the HTTP server and the Pub/Sub API server again on the same ports (stopping
     * them first if they run).
     */
    public void restart() {
        if (this.server.isRunning()) {
            this.server.stop();
            this.pubSub.stop();
        }
        this.server.start(this.server.port());
        this.pubSub.start(this.pubSub.port());
        logger.info("Salesforce emulator restarted on port {}", this.server.port());
    }

    /**
     * Returns whether the HTTP server is listening.
     * @return {@code true} unless stopped or closed
     */
    public boolean isRunning() {
        return this.server.isRunning();
    }

    /** Stops the HTTP server and the Pub/Sub API server for good. */
    @Override
    public void close() {
        if (this.server.isRunning()) {
            this.server.stop();
        }
        this.pubSub.close();
    }

    @Override
    public String toString() {
        return "SalesforceEmulator[loginUrl=" + loginUrl() + ", myDomainUrl=" + myDomainUrl() + "]";
    }

    private String publisherId() {
        return this.org.directory().firstUser().userId();
    }

    /**
     * Configures an emulated org. Without any {@code user}/{@code connectedApp} call the
     * org has the demo credentials of {@link EmulatorDefaults}. Without any
     * {@code clientCredentialsUser} call the client-credentials flow of every app runs as
     * the first user. Not thread-safe.
     */
    public static final class Builder {

        private final EmulatorSettings settings = new EmulatorSettings();

        private Builder() {
        }

        /**
         * Sets the port; {@code 0} (the default) picks a free one.
         * @param port the port
         * @return this builder
         */
        public Builder port(int port) {
            this.settings.port = port;
            return this;
        }

        /**
         * Sets the address to listen on; {@code 127.0.0.1} by default (use
         * {@code 0.0.0.0} to be reachable from containers).
         * @param address the bind address
         * @return this builder
         */
        public Builder bindAddress(String address) {
            this.settings.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Serves HTTPS instead of plain HTTP: {@link SalesforceEmulator#loginUrl()},
         * {@link SalesforceEmulator#myDomainUrl()} and the tokens' {@code instance_url}
         * become {@code https://127.0.0.1:port} and {@code https://localhost:port}, so
         * the server's certificate must name both ({@code DNS:localhost},
         * {@code IP:127.0.0.1}). Clients must trust its certificate authority, as behind
         * a corporate proxy that inspects TLS or with a private certificate authority.
         * @param serverContext a TLS context whose key material is the server's
         * certificate and private key (and whose trust material accepts client
         * certificates, see {@link #requireClientCertificate()})
         * @return this builder
         */
        public Builder https(javax.net.ssl.SSLContext serverContext) {
            this.settings.tls = Objects.requireNonNull(serverContext, "serverContext");
            return this;
        }

        /**
         * Requires every client to present a certificate that the trust material of the
         * {@link #https(javax.net.ssl.SSLContext) HTTPS} context accepts (mutual TLS), as
         * some orgs' network policies do.
         * @return this builder
         * @throws IllegalStateException when HTTPS is not configured
         */
        public Builder requireClientCertificate() {
            if (this.settings.tls == null) {
                throw new IllegalStateException("Client certificates need HTTPS: call https(SSLContext) first");
            }
            this.settings.requireClientCertificate = true;
            return this;
        }

        /**
         * Adds a user.
         * @param username the login name
         * @param password the password
         * @param securityToken the security token, appended to the password in the
         * username-password flow
         * @return this builder
         */
        public Builder user(String username, String password, String securityToken) {
            this.settings.directory.addUser(username, password, securityToken);
            return this;
        }

        /**
         * Adds a connected app for the password, refresh-token and client-credentials
         * flows.
         * @param consumerKey the consumer key
         * @param consumerSecret the consumer secret
         * @return this builder
         */
        public Builder connectedApp(String consumerKey, String consumerSecret) {
            this.settings.directory.addApp(new ConnectedApp(consumerKey, consumerSecret, null));
            return this;
        }

        /**
         * Adds a connected app that also accepts JWT bearer assertions signed by the
         * certificate's private key.
         * @param consumerKey the consumer key (the JWT {@code iss})
         * @param consumerSecret the consumer secret
         * @param certificate the app's certificate
         * @return this builder
         */
        public Builder connectedApp(String consumerKey, String consumerSecret,
                java.security.cert.X509Certificate certificate) {
            this.settings.directory.addApp(
                    new ConnectedApp(consumerKey, consumerSecret, Objects.requireNonNull(certificate, "certificate")));
            return this;
        }

        /**
         * Registers a refresh token, as if issued by an earlier interactive flow.
         * @param refreshToken the token value
         * @param consumerKey the app it belongs to
         * @param username the user it acts for
         * @return this builder
         */
        public Builder refreshToken(String refreshToken, String consumerKey, String username) {
            this.settings.directory.addRefreshToken(
                    new io.sfstream.emulator.internal.org.RefreshGrant(refreshToken, consumerKey, username));
            return this;
        }

        /**
         * Sets the run-as user of an app's client-credentials flow.
         * @param consumerKey the app
         * @param username the user
         * @return this builder
         */
        public Builder clientCredentialsUser(String consumerKey, String username) {
            this.settings.directory.setClientCredentialsUser(consumerKey, username);
            this.settings.clientCredentialsConfigured = true;
            return this;
        }

        /**
         * Declares a PushTopic channel.
         * @param name {@code Name} or {@code /topic/Name}
         * @return this builder
         */
        public Builder pushTopic(String name) {
            this.settings.catalog.declare(ChannelKind.PUSH_TOPIC, name);
            return this;
        }

        /**
         * Declares a high-volume platform event channel.
         * @param name {@code Name__e} or {@code /event/Name__e}
         * @return this builder
         */
        public Builder platformEvent(String name) {
            this.settings.catalog.declare(ChannelKind.PLATFORM_EVENT, name);
            return this;
        }

        /**
         * Declares a high-volume platform event channel with its fields: the event then
         * accepts only those (see
         * {@link SalesforceEmulator#declarePlatformEvent(String, String...)}).
         * @param name {@code Name__e} or {@code /event/Name__e}
         * @param fields the event's custom fields, e.g. {@code OrderNumber__c}
         * @return this builder
         */
        public Builder platformEvent(String name, String... fields) {
            this.settings.catalog.declarePlatformEvent(name, Arrays.asList(fields));
            return this;
        }

        /**
         * Declares a Change Data Capture entity channel.
         * @param name {@code AccountChangeEvent} or {@code /data/AccountChangeEvent}
         * @return this builder
         */
        public Builder changeDataCapture(String name) {
            this.settings.catalog.declare(ChannelKind.CHANGE_DATA_CAPTURE, name);
            return this;
        }

        /**
         * Declares a generic streaming channel.
         * @param name {@code Name} or {@code /u/Name}
         * @return this builder
         */
        public Builder genericChannel(String name) {
            this.settings.catalog.declare(ChannelKind.GENERIC, name);
            return this;
        }

        /**
         * Sets how long a {@code /meta/connect} without events is held (default 110 s).
         * @param timeout the hold time
         * @return this builder
         */
        public Builder connectTimeout(java.time.Duration timeout) {
            this.settings.connectTimeout = requirePositive(timeout);
            return this;
        }

        /**
         * Sets how long a session survives without a {@code /meta/connect} (default 40
         * s).
         * @param window the reconnect window
         * @return this builder
         */
        public Builder reconnectWindow(java.time.Duration window) {
            this.settings.reconnectWindow = requirePositive(window);
            return this;
        }

        /**
         * Sets the {@code interval} advised with
         * {@code {"multiple-clients":true,"reconnect":"retry"}} when a second long poll
         * of one browser ({@code BAYEUX_BROWSER} cookie) arrives while one is held
         * (default 2 s).
         * @param interval the advised interval
         * @return this builder
         */
        public Builder multiSessionInterval(java.time.Duration interval) {
            this.settings.multiSessionInterval = requirePositive(interval);
            return this;
        }

        /**
         * Makes the replay ids of every channel start at {@code first} (any 64-bit value
         * from 1), as on a busy org where they exceed 2^32 (default: a small random
         * number).
         * @param first the replay id of each channel's first event
         * @return this builder
         */
        public Builder replayIdStart(long first) {
            this.settings.firstReplayId = requireReplayId(first);
            return this;
        }

        /**
         * Makes the replay ids of one channel start at {@code first}. Change Data Capture
         * channels share one sequence: starting one starts them all,
         * {@code /data/ChangeEvents} included.
         * @param channel the channel, e.g. {@code /event/Order_Placed__e}
         * @param first the replay id of its first event, from 1
         * @return this builder
         */
        public Builder replayIdStart(String channel, long first) {
            if (ChannelKind.of(channel).isEmpty()) {
                throw new IllegalArgumentException("Not a streaming channel: " + channel);
            }
            this.settings.firstReplayIds.put(channel, requireReplayId(first));
            return this;
        }

        /**
         * Sets the port of the Pub/Sub API server (gRPC, plaintext, on the bind address);
         * {@code 0} (the default) picks a free one.
         * @param port the port
         * @return this builder
         */
        public Builder pubSubPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Not a port: " + port);
            }
            this.settings.pubSubPort = port;
            return this;
        }

        /**
         * Sets how long a Pub/Sub {@code Subscribe} stream that is owed events stays
         * silent before the server sends a keepalive (default 60 s, see
         * {@link EmulatorDefaults#PUBSUB_KEEPALIVE_PERIOD}).
         * @param period the keepalive period
         * @return this builder
         */
        public Builder pubSubKeepalivePeriod(java.time.Duration period) {
            this.settings.pubSubKeepalivePeriod = requirePositive(period);
            return this;
        }

        /**
         * Sets how long a Pub/Sub {@code Subscribe} stream may owe nothing before the
         * server closes it (default 60 s, as Salesforce).
         * @param timeout the idle timeout
         * @return this builder
         */
        public Builder pubSubIdleTimeout(java.time.Duration timeout) {
            this.settings.pubSubIdleTimeout = requirePositive(timeout);
            return this;
        }

        /**
         * Sets the org's clock (default: {@link EmulatorClock#system()}).
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(EmulatorClock clock) {
            this.settings.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Starts the emulator.
         * @return the running emulator
         * @throws IllegalStateException when the port cannot be bound
         */
        public SalesforceEmulator start() {
            String consumerKey = this.settings.applyDefaults();
            String orgId = SalesforceIds.newId("00D");
            EventStore store = new EventStore();
            if (this.settings.firstReplayId != null) {
                store.startReplayIdsAt(this.settings.firstReplayId);
            }
            this.settings.firstReplayIds.forEach(store::startReplayIdsAt);
            EmulatedOrg org = new EmulatedOrg(orgId, this.settings.directory, new AccessTokens(orgId),
                    this.settings.catalog, new EventBus(this.settings.catalog, store, this.settings.clock),
                    new FaultState(), new ObservationLog(), this.settings.clock);
            EmulatorHttpServer server = new EmulatorHttpServer(org, this.settings.bindAddress,
                    this.settings.connectTimeout, this.settings.reconnectWindow, this.settings.multiSessionInterval);
            PubSubServer pubSub = new PubSubServer(org.bus(), org.catalog(), org.clock(), org.tokens(), orgId,
                    () -> List.of(server.myDomainUrl(), server.loginUrl()), this.settings.bindAddress,
                    this.settings.pubSubKeepalivePeriod, this.settings.pubSubIdleTimeout);
            SalesforceEmulator emulator = new SalesforceEmulator(org, server, pubSub, consumerKey);
            server.control(new ControlServlet(emulator));
            if (this.settings.tls != null) {
                server.tls(this.settings.tls, this.settings.requireClientCertificate);
            }
            server.start(this.settings.port);
            try {
                pubSub.start(this.settings.pubSubPort);
            }
            catch (RuntimeException ex) {
                server.stop();
                pubSub.close();
                throw ex;
            }
            logger.info("Salesforce emulator started: login {} / My Domain {} / Pub/Sub API {}", emulator.loginUrl(),
                    emulator.myDomainUrl(), emulator.pubSubTarget());
            return emulator;
        }

        private static long requireReplayId(long first) {
            if (first < 1) {
                throw new IllegalArgumentException("A replay id starts at 1 or more, not " + first);
            }
            return first;
        }

        private static java.time.Duration requirePositive(java.time.Duration duration) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("must be positive: " + duration);
            }
            return duration;
        }

    }

}
