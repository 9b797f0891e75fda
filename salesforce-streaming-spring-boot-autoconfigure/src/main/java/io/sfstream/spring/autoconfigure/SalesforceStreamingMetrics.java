package io.sfstream.spring.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sfstream.core.client.ClientLifecycleListener;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.ReplayFallback;
import io.sfstream.core.replay.ReplayId;
import io.sfstream.spring.listener.DispatchObserver;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Micrometer meters of the streaming client and listeners:
 * <ul>
 * <li>{@code salesforce.streaming.events.received} (channel, transport): events taken
 * from the client;</li>
 * <li>{@code salesforce.streaming.events.processed} / {@code .failed} (channel, listener,
 * transport): listener outcomes;</li>
 * <li>{@code salesforce.streaming.listener.duration} (channel, listener, transport):
 * listener call time, retries included (derived from the listener observation instead
 * when {@code salesforce.streaming.listener.observation-enabled} is set, with the extra
 * tags {@code outcome} and {@code error});</li>
 * <li>{@code salesforce.streaming.lag} (channel, transport): now minus the event time,
 * when the event has one;</li>
 * <li>{@code salesforce.streaming.reconnects} (new Bayeux sessions after the first),
 * {@code salesforce.streaming.reauthentications},
 * {@code salesforce.streaming.replay.fallbacks} (channel),
 * {@code salesforce.streaming.events.malformed} (channel).</li>
 * </ul>
 * Each meter has a {@code transport} tag: {@code cometd}, or {@code pubsub} for the
 * events and lifecycle of the Pub/Sub API client (whose lifecycle listener is
 * {@link #lifecycleOf(String)}).
 */
final class SalesforceStreamingMetrics
        implements MeterBinder, ClientLifecycleListener, DispatchObserver, TransportLifecycleListener {

    private static final String COMETD = "cometd";

    /** Events of the Pub/Sub API client, when its module is on the class path. */
    private static final @Nullable Class<?> PUBSUB_EVENT = pubSubEventClass();

    private volatile @Nullable MeterRegistry registry;

    private final boolean listenerDuration;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /**
     * The per-event meters of each channel, looked up once per event without building a
     * key.
     */
    private final Map<String, ChannelMeters> channelMeters = new ConcurrentHashMap<>();

    /** The per-event meters of each listener, per channel. */
    private final Map<String, Map<String, ListenerMeters>> listenerMeters = new ConcurrentHashMap<>();

    /** The meters updated for every event of a channel. */
    private static final class ChannelMeters {

        final Counter received;

        volatile @Nullable Timer lag;

        ChannelMeters(Counter received) {
            this.received = received;
        }

    }

    /** The meters updated for every event a listener processed. */
    private record ListenerMeters(Counter processed, @Nullable Timer duration) {
    }

    /**
     * Creates the meters, the listener duration timer included.
     */
    SalesforceStreamingMetrics() {
        this(true);
    }

    /**
     * Creates the meters.
     * @param listenerDuration whether to time listener calls (not when observations do)
     */
    SalesforceStreamingMetrics(boolean listenerDuration) {
        this.listenerDuration = listenerDuration;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        reconnects(COMETD);
        reauthentications(COMETD);
    }

    /**
     * Returns the lifecycle listener of another client than the CometD one, whose meters
     * carry its transport tag. This instance itself is the CometD client's.
     * @param transport the transport tag, such as {@code pubsub}
     * @return the listener
     */
    @Override
    public ClientLifecycleListener lifecycleOf(String transport) {
        return new ClientLifecycleListener() {

            @Override
            public void rehandshaked(String reason) {
                increment(reconnects(transport));
            }

            @Override
            public void reauthenticated() {
                increment(reauthentications(transport));
            }

            @Override
            public void replayFallbackApplied(String channel, ReplayId invalidReplayId, ReplayFallback fallback) {
                increment(replayFallbacks(channel, transport));
            }

            @Override
            public void malformedEvent(String channel, String reason) {
                increment(malformedEvents(channel, transport));
            }

        };
    }

    private @Nullable Counter reconnects(String transport) {
        return counter("salesforce.streaming.reconnects", transport,
                (r) -> Counter.builder("salesforce.streaming.reconnects")
                    .description("Connections lost or sessions re-handshaken")
                    .tag("transport", transport)
                    .register(r));
    }

    private @Nullable Counter reauthentications(String transport) {
        return counter("salesforce.streaming.reauthentications", transport,
                (r) -> Counter.builder("salesforce.streaming.reauthentications")
                    .description("New access tokens obtained after Salesforce refused the previous one")
                    .tag("transport", transport)
                    .register(r));
    }

    private @Nullable Counter replayFallbacks(String channel, String transport) {
        return counter("salesforce.streaming.replay.fallbacks", transport + "|" + channel,
                (r) -> Counter.builder("salesforce.streaming.replay.fallbacks")
                    .description("Stored replay positions rejected as expired, and the fallback applied")
                    .tag("channel", channel)
                    .tag("transport", transport)
                    .register(r));
    }

    private @Nullable Counter malformedEvents(String channel, String transport) {
        return counter("salesforce.streaming.events.malformed", transport + "|" + channel,
                (r) -> Counter.builder("salesforce.streaming.events.malformed")
                    .description("Malformed events reported and skipped")
                    .tag("channel", channel)
                    .tag("transport", transport)
                    .register(r));
    }

    private static void increment(@Nullable Counter counter) {
        if (counter != null) {
            counter.increment();
        }
    }

    private static @Nullable Class<?> pubSubEventClass() {
        ClassLoader classLoader = SalesforceStreamingMetrics.class.getClassLoader();
        String name = "io.sfstream.pubsub.PubSubEvent";
        return ClassUtils.isPresent(name, classLoader) ? ClassUtils.resolveClassName(name, classLoader) : null;
    }

    static String transport(StreamingEvent event) {
        Class<?> pubSubEvent = PUBSUB_EVENT;
        return (pubSubEvent != null && pubSubEvent.isInstance(event)) ? "pubsub" : COMETD;
    }

    @Override
    public void received(StreamingEvent event) {
        String transport = transport(event);
        ChannelMeters meters = channelMeters(event.channel(), transport);
        if (meters == null) {
            return;
        }
        meters.received.increment();
        Instant eventTime = event.eventTime();
        if (eventTime != null) {
            Timer lag = meters.lag;
            if (lag == null) {
                String channel = event.channel();
                lag = timer("salesforce.streaming.lag", transport + "|" + channel,
                        (r) -> Timer.builder("salesforce.streaming.lag")
                            .description("Time between the event's creation in Salesforce and its receipt")
                            .tag("channel", channel)
                            .tag("transport", transport)
                            .register(r));
                meters.lag = lag;
            }
            if (lag != null) {
                lag.record(Duration.between(eventTime, Instant.now()).abs());
            }
        }
    }

    private @Nullable ChannelMeters channelMeters(String channel, String transport) {
        String key = transport + "|" + channel;
        ChannelMeters meters = this.channelMeters.get(key);
        if (meters != null) {
            return meters;
        }
        Counter received = counter("salesforce.streaming.events.received", key,
                (r) -> Counter.builder("salesforce.streaming.events.received")
                    .description("Events received from Salesforce")
                    .tag("channel", channel)
                    .tag("transport", transport)
                    .register(r));
        return (received != null) ? this.channelMeters.computeIfAbsent(key, (c) -> new ChannelMeters(received)) : null;
    }

    @Override
    public void processed(StreamingEvent event, String listenerId, Duration duration) {
        ListenerMeters meters = listenerMeters(event.channel(), transport(event), listenerId);
        if (meters != null) {
            meters.processed().increment();
            Timer timer = meters.duration();
            if (timer != null) {
                timer.record(duration);
            }
        }
    }

    private @Nullable ListenerMeters listenerMeters(String channel, String transport, String listenerId) {
        String key = transport + "|" + channel;
        Map<String, ListenerMeters> ofChannel = this.listenerMeters.get(key);
        ListenerMeters meters = (ofChannel != null) ? ofChannel.get(listenerId) : null;
        if (meters != null) {
            return meters;
        }
        Counter processed = outcomeCounter("processed", channel, transport, listenerId);
        if (processed == null) {
            return null;
        }
        return this.listenerMeters.computeIfAbsent(key, (c) -> new ConcurrentHashMap<>())
            .computeIfAbsent(listenerId,
                    (id) -> new ListenerMeters(processed, durationTimer(channel, transport, listenerId)));
    }

    @Override
    public void failed(StreamingEvent event, String listenerId, Duration duration, Throwable error) {
        listenerOutcome("failed", event.channel(), transport(event), listenerId, duration);
    }

    @Override
    public void rehandshaked(String reason) {
        increment(reconnects(COMETD));
    }

    @Override
    public void reauthenticated() {
        increment(reauthentications(COMETD));
    }

    @Override
    public void replayFallbackApplied(String channel, ReplayId invalidReplayId, ReplayFallback fallback) {
        increment(replayFallbacks(channel, COMETD));
    }

    @Override
    public void malformedEvent(String channel, String reason) {
        increment(malformedEvents(channel, COMETD));
    }

    private void listenerOutcome(String outcome, String channel, String transport, String listenerId,
            Duration duration) {
        Counter counter = outcomeCounter(outcome, channel, transport, listenerId);
        if (counter != null) {
            counter.increment();
        }
        Timer timer = durationTimer(channel, transport, listenerId);
        if (timer != null) {
            timer.record(duration);
        }
    }

    private @Nullable Counter outcomeCounter(String outcome, String channel, String transport, String listenerId) {
        return counter("salesforce.streaming.events." + outcome, transport + "|" + channel + "|" + listenerId,
                (r) -> Counter.builder("salesforce.streaming.events." + outcome)
                    .description("Events " + outcome + " by listener methods")
                    .tag("channel", channel)
                    .tag("listener", listenerId)
                    .tag("transport", transport)
                    .register(r));
    }

    private @Nullable Timer durationTimer(String channel, String transport, String listenerId) {
        if (!this.listenerDuration) {
            return null;
        }
        return timer("salesforce.streaming.listener.duration", transport + "|" + channel + "|" + listenerId,
                (r) -> Timer.builder("salesforce.streaming.listener.duration")
                    .description("Time listener methods take per event, retries included")
                    .tag("channel", channel)
                    .tag("listener", listenerId)
                    .tag("transport", transport)
                    .register(r));
    }

    private @Nullable Counter counter(String name, String key, @Nullable Function<MeterRegistry, Counter> factory) {
        MeterRegistry meterRegistry = this.registry;
        if (meterRegistry == null) {
            return null;
        }
        String id = name + "|" + key;
        Counter counter = this.counters.get(id);
        if (counter == null && factory != null) {
            counter = this.counters.computeIfAbsent(id, (k) -> factory.apply(meterRegistry));
        }
        return counter;
    }

    private @Nullable Timer timer(String name, String key, Function<MeterRegistry, Timer> factory) {
        MeterRegistry meterRegistry = this.registry;
        if (meterRegistry == null) {
            return null;
        }
        return this.timers.computeIfAbsent(name + "|" + key, (k) -> factory.apply(meterRegistry));
    }

}
