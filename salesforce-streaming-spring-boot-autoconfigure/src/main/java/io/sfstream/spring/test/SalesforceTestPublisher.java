package io.sfstream.spring.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import io.sfstream.core.replay.ReplayId;
import io.sfstream.core.replay.ReplayKey;
import io.sfstream.emulator.PublishedEvent;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.spring.Transport;
import io.sfstream.spring.autoconfigure.StreamingConnectionState;
import io.sfstream.spring.listener.SalesforceListenerContainer;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import io.sfstream.spring.test.ProcessedEventLog.ListenerCall;
import org.jspecify.annotations.Nullable;

/**
 * Publishes an event to the emulated org the application is connected to and waits until
 * every running {@code @SalesforceListener} method of its channel has finished with it,
 * so that a test can assert what the listeners did right after the call:
 *
 * <pre class="code">
 * ListenerDelivery delivery = publisher.publishAndAwait("/event/Order_Placed__e", Map.of("OrderId__c", "42"));
 * assertThat(delivery.succeeded()).isTrue();
 * assertThat(orders.findById("42")).isPresent();
 * </pre>
 *
 * <p>
 * Before publishing it waits until the channel is subscribed, so that a listener starting
 * from new events does not miss the event. It waits for the listeners that receive over
 * CometD: listeners over the Pub/Sub API get the event too, but are not awaited (their
 * replay ids are not the CometD ones the emulator returns). A bean whenever a
 * {@code SalesforceEmulator} bean is in the context. Thread-safe.
 */
public final class SalesforceTestPublisher {

    /** How long a call waits unless {@link #withTimeout} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final SalesforceEmulator emulator;

    private final ProcessedEventLog log;

    private final Supplier<@Nullable SalesforceListenerEndpointRegistry> registry;

    private final Supplier<@Nullable StreamingConnectionState> connectionState;

    private final Duration timeout;

    /**
     * Creates a publisher.
     * @param emulator the emulated org the application is connected to
     * @param log the log of listener calls the registry reports to
     * @param registry the listener registry, if any
     * @param connectionState the client's connection state, if any
     */
    public SalesforceTestPublisher(SalesforceEmulator emulator, ProcessedEventLog log,
            Supplier<@Nullable SalesforceListenerEndpointRegistry> registry,
            Supplier<@Nullable StreamingConnectionState> connectionState) {
        this(emulator, log, registry, connectionState, DEFAULT_TIMEOUT);
    }

    private SalesforceTestPublisher(SalesforceEmulator emulator, ProcessedEventLog log,
            Supplier<@Nullable SalesforceListenerEndpointRegistry> registry,
            Supplier<@Nullable StreamingConnectionState> connectionState, Duration timeout) {
        this.emulator = Objects.requireNonNull(emulator, "emulator");
        this.log = Objects.requireNonNull(log, "log");
        this.registry = registry;
        this.connectionState = connectionState;
        this.timeout = timeout;
    }

    /**
     * Returns a publisher that waits at most this long for the subscription and for the
     * listeners.
     * @param timeout the longest wait, positive
     * @return a publisher with that timeout
     */
    public SalesforceTestPublisher withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        return new SalesforceTestPublisher(this.emulator, this.log, this.registry, this.connectionState, timeout);
    }

    /**
     * Publishes an event ({@link SalesforceEmulator#publish(String, Map)} says what
     * {@code fields} holds for each channel kind) and waits for the listeners.
     * @param channel a declared channel, such as {@code /event/Order_Placed__e}
     * @param fields the event's fields
     * @return the event and what each listener did with it
     * @throws IllegalStateException if no running listener method listens on the channel
     * @throws AssertionError if the channel is not subscribed, or a listener has not
     * finished, within the timeout
     */
    public ListenerDelivery publishAndAwait(String channel, Map<String, Object> fields) {
        Set<String> listeners = awaitSubscribed(channel);
        return await(this.emulator.publish(channel, fields), listeners);
    }

    /**
     * Publishes a generic streaming event ({@code /u/...}) with a payload string and
     * waits for the listeners.
     * @param channel a declared generic channel
     * @param payload the payload
     * @return the event and what each listener did with it
     * @throws IllegalStateException if no running listener method listens on the channel
     * @throws AssertionError if the channel is not subscribed, or a listener has not
     * finished, within the timeout
     */
    public ListenerDelivery publishAndAwait(String channel, String payload) {
        Set<String> listeners = awaitSubscribed(channel);
        return await(this.emulator.publish(channel, payload), listeners);
    }

    /**
     * Waits for the listeners of an event published otherwise (with the emulator
     * directly, a batch, a PushTopic event type).
     * @param event the event the emulator returned
     * @return the event and what each listener did with it
     * @throws IllegalStateException if no running listener method listens on the channel
     * @throws AssertionError if a listener has not finished within the timeout
     */
    public ListenerDelivery await(PublishedEvent event) {
        return await(event, listenersOf(event.channel()));
    }

    private ListenerDelivery await(PublishedEvent event, Set<String> listeners) {
        ReplayId replayId = ReplayId.of(event.replayId());
        long deadline = System.nanoTime() + this.timeout.toNanos();
        while (true) {
            List<ListenerCall> calls = this.log.callsFor(event.channel(), replayId);
            Set<String> waiting = new LinkedHashSet<>(listeners);
            calls.forEach((call) -> waiting.remove(call.listenerId()));
            if (waiting.isEmpty()) {
                return new ListenerDelivery(event, firstCallPerListener(calls));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Listeners " + waiting + " did not finish the event " + event.replayId()
                        + " of " + event.channel() + " within " + this.timeout + " (finished: "
                        + calls.stream().map(ListenerCall::listenerId).toList() + ")");
            }
            try {
                this.log.awaitChange(Duration.ofNanos(Math.min(left, Duration.ofMillis(50).toNanos())));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the listeners of " + event.channel(),
                        ex);
            }
        }
    }

    private static List<ListenerCall> firstCallPerListener(List<ListenerCall> calls) {
        Set<String> seen = new LinkedHashSet<>();
        List<ListenerCall> first = new ArrayList<>();
        for (ListenerCall call : calls) {
            if (seen.add(call.listenerId())) {
                first.add(call);
            }
        }
        return first;
    }

    private Set<String> awaitSubscribed(String channel) {
        Set<String> listeners = listenersOf(channel);
        StreamingConnectionState state = this.connectionState.get();
        if (state == null) {
            return listeners;
        }
        String key = ReplayKey.of(channel);
        long deadline = System.nanoTime() + this.timeout.toNanos();
        while (state.subscribedChannels().stream().map(ReplayKey::of).noneMatch(key::equals)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("The application did not subscribe to " + channel + " within " + this.timeout
                        + " (subscribed: " + state.subscribedChannels() + "; failed channels: " + state.failedChannels()
                        + "; authentication failure: " + state.authenticationFailure() + "; last disconnect: "
                        + state.lastDisconnect() + ")");
            }
            sleep();
        }
        return listeners;
    }

    private Set<String> listenersOf(String channel) {
        SalesforceListenerEndpointRegistry listenerRegistry = this.registry.get();
        String key = ReplayKey.of(channel);
        Set<String> listening = new LinkedHashSet<>();
        List<String> all = new ArrayList<>();
        if (listenerRegistry != null) {
            for (SalesforceListenerContainer container : listenerRegistry.getListenerContainers()) {
                all.add(container.getId() + " " + container.getChannels() + (container.isRunning() ? "" : " (stopped)")
                        + (container.isPaused() ? " (paused)" : "")
                        + ((container.getEndpoint().transport() == Transport.COMETD) ? "" : " (Pub/Sub API)"));
                // The log matches calls by CometD replay id: the Pub/Sub API's are
                // others.
                if (container.isRunning() && !container.isPaused()
                        && container.getEndpoint().transport() == Transport.COMETD
                        && container.getChannels().stream().map(ReplayKey::of).anyMatch(key::equals)) {
                    listening.add(container.getId());
                }
            }
        }
        if (listening.isEmpty()) {
            throw new IllegalStateException("No running, unpaused @SalesforceListener method listens on " + channel
                    + " over CometD (listeners: " + (all.isEmpty() ? "none" : String.join(", ", all)) + ")");
        }
        return listening;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a subscription", ex);
        }
    }

    @Override
    public String toString() {
        return "SalesforceTestPublisher[" + this.emulator + ", timeout=" + this.timeout + "]";
    }

}
