package io.sfstream.spring.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A corporate forward proxy in the test JVM, on loopback: {@code CONNECT} tunnels for
 * {@code https} targets (Jetty's {@link ConnectHandler}), absolute-form forwarding for
 * plain {@code http} ones ({@link ProxyHandler.Forward}), both behind Basic proxy
 * authentication. It records what it is asked to reach ({@code CONNECT 127.0.0.1:8443},
 * {@code POST http://localhost:8080/cometd/64.0/handshake}) and how many requests it
 * refused with {@code 407}. Its threads are named {@code test-proxy*}: like the emulator,
 * it legitimately reads what it is sent.
 */
final class ForwardProxy implements AutoCloseable {

    private final Server server;

    private final List<String> requests = new CopyOnWriteArrayList<>();

    private final AtomicInteger refused = new AtomicInteger();

    private final String expectedAuthorization;

    private ForwardProxy(String username, String password) throws Exception {
        this.expectedAuthorization = "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("test-proxy");
        this.server = new Server(threads);
        ServerConnector connector = new ServerConnector(this.server, 1, 1);
        connector.setHost("127.0.0.1");
        this.server.addConnector(connector);
        QueuedThreadPool clientThreads = new QueuedThreadPool(16, 2);
        clientThreads.setName("test-proxy-client");
        HttpClient forwardingClient = new HttpClient();
        forwardingClient.setName("test-proxy-client");
        forwardingClient.setExecutor(clientThreads);
        ProxyHandler.Forward forward = new ProxyHandler.Forward();
        forward.setHttpClient(forwardingClient);
        this.server.setHandler(new Guard(new ConnectHandler(forward)));
        this.server.start();
    }

    static ForwardProxy start(String username, String password) {
        try {
            return new ForwardProxy(username, password);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not start the forward proxy", ex);
        }
    }

    int port() {
        return ((ServerConnector) this.server.getConnectors()[0]).getLocalPort();
    }

    /** What clients asked the proxy to reach, refused requests included. */
    List<String> requests() {
        return List.copyOf(this.requests);
    }

    int refused() {
        return this.refused.get();
    }

    @Override
    public void close() throws Exception {
        this.server.stop();
    }

    /** Records every request, and refuses those without the proxy's credentials. */
    private final class Guard extends Handler.Wrapper {

        Guard(Handler handler) {
            super(handler);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            boolean tunnel = HttpMethod.CONNECT.is(request.getMethod());
            ForwardProxy.this.requests.add(request.getMethod() + " "
                    + (tunnel ? request.getHttpURI().getAuthority() : request.getHttpURI().toString()));
            String authorization = request.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION);
            if (!ForwardProxy.this.expectedAuthorization.equals(authorization)) {
                ForwardProxy.this.refused.incrementAndGet();
                response.setStatus(407);
                response.getHeaders().put(HttpHeader.PROXY_AUTHENTICATE, "Basic realm=\"corporate proxy\"");
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                callback.succeeded();
                return true;
            }
            return super.handle(request, response, callback);
        }

    }

}
