package io.sfstream.core.client;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.sfstream.core.ConnectionClosedException;
import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.auth.TokenSupplierAuthenticator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code close()} ends an {@code open()} that is still waiting for Salesforce (open waits
 * up to 130 s), so that an application can shut down while Salesforce is unreachable.
 */
class StreamingClientCloseWhileOpeningIntegrationTests {

    private final List<Socket> accepted = new ArrayList<>();

    private ServerSocket blackHole;

    @AfterEach
    void closeSockets() throws Exception {
        for (Socket socket : this.accepted) {
            socket.close();
        }
        if (this.blackHole != null) {
            this.blackHole.close();
        }
    }

    @Test
    void closeEndsAnOpenWaitingForAHandshakeThatNeverAnswers() throws Exception {
        this.blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CountDownLatch connected = new CountDownLatch(1);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = this.blackHole.accept();
                    synchronized (this.accepted) {
                        this.accepted.add(socket);
                    }
                    connected.countDown();
                }
            }
            catch (Exception ex) {
                // closed
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        URI instance = URI.create("http://127.0.0.1:" + this.blackHole.getLocalPort());
        StreamingClient client = StreamingClient
            .builder(new TokenSupplierAuthenticator(() -> AccessToken.of("token", instance)))
            .build();
        CompletableFuture<Void> opening = CompletableFuture.runAsync(client::open);
        assertThat(connected.await(30, TimeUnit.SECONDS)).as("the handshake reached the server").isTrue();
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTING);

        client.close();

        assertOpenEndedWithConnectionClosed(opening);
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void closeEndsAnOpenWhoseAuthenticatorHangs() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Authenticator hanging = new TokenSupplierAuthenticator(() -> {
            entered.countDown();
            try {
                never.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("token endpoint timed out");
        });
        StreamingClient client = StreamingClient.builder(hanging).build();
        CompletableFuture<Void> opening = CompletableFuture.runAsync(client::open);
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

        client.close();

        assertOpenEndedWithConnectionClosed(opening);
    }

    private static void assertOpenEndedWithConnectionClosed(CompletableFuture<Void> opening) throws Exception {
        // Far below open()'s own 130 s limit: close() ended it.
        try {
            opening.get(60, TimeUnit.SECONDS);
            throw new AssertionError("open() returned normally after close()");
        }
        catch (ExecutionException ex) {
            assertThat(ex.getCause()).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("closed while opening");
        }
    }

}
