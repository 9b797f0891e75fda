package io.sfstream.emulator.internal.server;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

import io.sfstream.emulator.ServerDisconnect;
import io.sfstream.emulator.internal.bayeux.CuttableLongPollingTransport;
import io.sfstream.emulator.internal.bayeux.EmulatorCometDServlet;
import io.sfstream.emulator.internal.bayeux.StreamingExtension;
import io.sfstream.emulator.internal.oauth.TokenEndpointServlet;
import io.sfstream.emulator.internal.oauth.UserInfoServlet;
import io.sfstream.emulator.internal.rest.SObjectPublishServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import org.cometd.server.BayeuxServerImpl;
import org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * The Jetty server of the emulator: token endpoint, REST publish endpoint, the CometD
 * servlet at {@code /cometd/*} and the control endpoint at {@code /emulator/*}; every
 * other path and every error answers in Salesforce's JSON error shape. Each
 * {@link #start(int)} builds a fresh server (and Bayeux sessions); the org's state lives
 * in {@link EmulatedOrg} and survives.
 *
 * <p>
 * Not thread-safe: start and stop from one thread.
 */
public final class EmulatorHttpServer {

    /** Host name of the login URL. */
    public static final String LOGIN_HOST = "127.0.0.1";

    /** Host name of the My Domain URL. */
    public static final String MY_DOMAIN_HOST = "localhost";

    private final EmulatedOrg org;

    private final String bindHost;

    private final Duration connectTimeout;

    private final Duration reconnectWindow;

    private final Duration multiSessionInterval;

    private final AtomicReference<@Nullable StreamingExtension> extension = new AtomicReference<>();

    private final HangingRequests hanging = new HangingRequests();

    private @Nullable HttpServlet control;

    private @Nullable SSLContext tls;

    private boolean needClientAuth;

    private @Nullable Server server;

    private volatile int port;

    /**
     * Creates the server (not started).
     * @param org the org's state
     * @param bindHost the address to listen on
     * @param connectTimeout how long a {@code /meta/connect} is held
     * @param reconnectWindow how long a session survives without a {@code /meta/connect}
     * @param multiSessionInterval the {@code interval} advised with
     * {@code multiple-clients} when a second long poll of one browser arrives
     */
    public EmulatorHttpServer(EmulatedOrg org, String bindHost, Duration connectTimeout, Duration reconnectWindow,
            Duration multiSessionInterval) {
        this.org = org;
        this.bindHost = bindHost;
        this.connectTimeout = connectTimeout;
        this.reconnectWindow = reconnectWindow;
        this.multiSessionInterval = multiSessionInterval;
    }

    /**
     * Sets the servlet of the control endpoint, served at {@code /emulator/*} from the
     * next {@link #start(int)}.
     * @param servlet the control servlet
     */
    public void control(HttpServlet servlet) {
        this.control = servlet;
    }

    /**
     * Serves HTTPS instead of plain HTTP from the next {@link #start(int)}: the URLs and
     * the tokens' {@code instance_url} become {@code https://...}.
     * @param context the server's TLS context: its key material is the server's
     * certificate, its trust material decides which client certificates are accepted
     * @param requireClientCertificate whether a client certificate is required (mutual
     * TLS)
     */
    public void tls(SSLContext context, boolean requireClientCertificate) {
        this.tls = context;
        this.needClientAuth = requireClientCertificate;
    }

    /**
     * Starts listening.
     * @param requestedPort the port, {@code 0} for a free one
     * @throws IllegalStateException when the server cannot start
     */
    public void start(int requestedPort) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("sf-emulator");
        Server jetty = new Server(threads);
        ServerConnector connector = connector(jetty);
        connector.setHost(this.bindHost);
        connector.setPort(requestedPort);
        connector.setReuseAddress(true);
        jetty.addConnector(connector);
        jetty.setHandler(context());
        jetty.setStopTimeout(0);
        try {
            jetty.start();
        }
        catch (Exception e) {
            try {
                jetty.stop();
            }
            catch (Exception ignored) {
                // best effort
            }
            throw new IllegalStateException("Could not start the emulator on port " + requestedPort, e);
        }
        this.server = jetty;
        this.port = connector.getLocalPort();
    }

    private ServerConnector connector(Server jetty) {
        SSLContext context = this.tls;
        if (context == null) {
            return new ServerConnector(jetty, 1, 1);
        }
        SslContextFactory.Server tlsFactory = new SslContextFactory.Server();
        tlsFactory.setSslContext(context);
        tlsFactory.setNeedClientAuth(this.needClientAuth);
        HttpConfiguration http = new HttpConfiguration();
        // The client decides whether the certificate names the host; the server does not
        // refuse a request whose Host differs from the SNI name.
        http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        return new ServerConnector(jetty, 1, 1, new SslConnectionFactory(tlsFactory, "http/1.1"),
                new HttpConnectionFactory(http));
    }

    /** Stops listening; live Bayeux sessions are lost, the org's state is kept. */
    public void stop() {
        Server jetty = this.server;
        this.server = null;
        this.extension.set(null);
        this.hanging.releaseAll();
        this.org.bus().clearSubscribers();
        if (jetty != null) {
            try {
                jetty.stop();
            }
            catch (Exception e) {
                throw new IllegalStateException("Could not stop the emulator", e);
            }
        }
    }

    /**
     * Returns the address the server listens on.
     * @return the bind address
     */
    public String bindHost() {
        return this.bindHost;
    }

    /**
     * Returns whether the server is listening.
     * @return {@code true} between {@link #start(int)} and {@link #stop()}
     */
    public boolean isRunning() {
        return this.server != null;
    }

    /**
     * Returns the port listened on (kept after {@link #stop()}).
     * @return the port
     */
    public int port() {
        return this.port;
    }

    /**
     * Returns the login URL ({@code http://127.0.0.1:port}, {@code https} when serving
     * TLS).
     * @return the URL
     */
    public URI loginUrl() {
        return URI.create(scheme() + "://" + LOGIN_HOST + ":" + this.port);
    }

    /**
     * Returns the My Domain URL ({@code http://localhost:port}, {@code https} when
     * serving TLS).
     * @return the URL
     */
    public URI myDomainUrl() {
        return URI.create(scheme() + "://" + MY_DOMAIN_HOST + ":" + this.port);
    }

    private String scheme() {
        return (this.tls != null) ? "https" : "http";
    }

    /** Ends every live Bayeux session. */
    public void expireAllSessions() {
        StreamingExtension current = this.extension.get();
        if (current != null) {
            current.expireAllSessions();
        }
    }

    /**
     * Ends the live Bayeux sessions whose access token is revoked, their held connects
     * first.
     */
    public void endSessionsOfRevokedTokens() {
        StreamingExtension current = this.extension.get();
        if (current != null) {
            current.endSessionsOfRevokedTokens();
        }
    }

    /**
     * Ends one Bayeux session with a server-initiated {@code /meta/disconnect}.
     * @param clientId the session's client id
     * @param shape whether the {@code /meta/connect} reply goes with it
     * @throws IllegalArgumentException when no live session has that client id
     */
    public void disconnect(String clientId, ServerDisconnect shape) {
        StreamingExtension current = this.extension.get();
        if (current == null) {
            throw new IllegalArgumentException(
                    "No live Bayeux session with client id " + clientId + ": the emulator is stopped");
        }
        current.disconnect(clientId, shape);
    }

    /**
     * Ends every live Bayeux session with a server-initiated {@code /meta/disconnect}.
     * @param shape whether the {@code /meta/connect} reply goes with it
     */
    public void disconnectAll(ServerDisconnect shape) {
        StreamingExtension current = this.extension.get();
        if (current != null) {
            current.disconnectAll(shape);
        }
    }

    /**
     * Makes the next response of every live Bayeux session set a new {@code sfdc-stream}
     * cookie.
     */
    public void rotateStickyCookies() {
        StreamingExtension current = this.extension.get();
        if (current != null) {
            current.rotateStickyCookies();
        }
    }

    /**
     * Clears what session faults left pending (server disconnects and cookie rotations
     * not yet sent) and closes the connections of swallowed requests.
     */
    public void resetSessionFaults() {
        StreamingExtension current = this.extension.get();
        if (current != null) {
            current.cancelPendingFaults();
        }
        this.hanging.releaseAll();
    }

    private ServletContextHandler context() {
        ServletContextHandler context = new ServletContextHandler("/");
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, "/emulator-error");
        context.setErrorHandler(errors);
        context.addServlet(new ServletHolder(new JsonErrorServlet()), "/");
        if (this.control != null) {
            context.addServlet(new ServletHolder(this.control), "/emulator/*");
        }
        FilterHolder guard = new FilterHolder(new RequestGuardFilter(this.org.faults(), this.hanging));
        guard.setAsyncSupported(true);
        context.addFilter(guard, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new TokenEndpointServlet(this.org.directory(), this.org.tokens(),
                this.org.faults(), this.org.observations(), this.org.clock(), this.org.orgId(), this::myDomainUrl,
                this::loginUrl)), "/services/oauth2/token");
        context.addServlet(new ServletHolder(new UserInfoServlet(this.org.tokens(), this.org.orgId())),
                "/services/oauth2/userinfo");
        context.addServlet(
                new ServletHolder(new SObjectPublishServlet(this.org.tokens(), this.org.catalog(), this.org.bus())),
                "/services/data/*");
        ServletHolder cometd = new ServletHolder(new EmulatorCometDServlet(this::configure));
        cometd.setAsyncSupported(true);
        cometd.setInitOrder(1);
        cometd.setInitParameter("timeout", Long.toString(this.connectTimeout.toMillis()));
        cometd.setInitParameter("interval", "0");
        cometd.setInitParameter("maxInterval", Long.toString(this.reconnectWindow.toMillis()));
        // One held long poll per browser (BAYEUX_BROWSER cookie): a second one is
        // answered at once with the
        // multiple-clients advice, as Salesforce does.
        cometd.setInitParameter("maxSessionsPerBrowser", "1");
        cometd.setInitParameter("multiSessionInterval", Long.toString(this.multiSessionInterval.toMillis()));
        cometd.setInitParameter("allowedTransports", "long-polling");
        cometd.setInitParameter("sweepPeriod",
                Long.toString(Math.max(100, Math.min(997, this.reconnectWindow.toMillis() / 4))));
        context.addServlet(cometd, "/cometd/*");
        return context;
    }

    private void configure(BayeuxServerImpl bayeux) {
        bayeux.setTransports(new CuttableLongPollingTransport(bayeux, this.org.faults()));
        StreamingExtension streaming = new StreamingExtension(bayeux, this.org.tokens(), this.org.faults(),
                this.org.observations(), this.org.catalog(), this.org.bus(), this.org.clock(), this.connectTimeout);
        bayeux.addExtension(streaming);
        bayeux.addListener(streaming);
        this.extension.set(streaming);
    }

}
