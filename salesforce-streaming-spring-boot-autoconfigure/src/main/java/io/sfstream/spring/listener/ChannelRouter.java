package io.sfstream.spring.listener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sfstream.core.StreamingException;
import io.sfstream.core.replay.ReplayKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows which containers listen on which channel: routes each event to the containers of
 * its channel (by {@linkplain ReplayKey replay key}, so a PushTopic event reaches the
 * listener that subscribed it with a filter query), rejects a container whose channel
 * differs from another's only by its filter, and keeps the client's subscriptions in step
 * with the running containers: a channel is subscribed when its first container starts
 * (or when the client opens), and unsubscribed when its last one stops.
 *
 * <p>
 * Threading: {@link #containersFor} is lock-free, for the dispatcher thread; every other
 * method is synchronized. {@link #attach} runs on the dispatcher thread, the others on
 * the registry's callers (and on the dispatcher thread when an error handler stops its
 * listener). Subscribing calls Salesforce while holding this router's lock.
 */
final class ChannelRouter {

    private static final Logger logger = LoggerFactory.getLogger(ChannelRouter.class);

    private final List<SalesforceListenerContainer> containers = new ArrayList<>();

    private volatile Map<String, List<SalesforceListenerContainer>> routes = Map.of();

    private @Nullable ChannelSubscriptions subscriptions;

    /**
     * Adds a container.
     * @param container the container, not running
     * @throws IllegalStateException if it listens on a channel that another container
     * listens on with another filter query: Salesforce allows one subscription per
     * channel
     */
    synchronized void add(SalesforceListenerContainer container) {
        rejectConflictingFilters(container);
        this.containers.add(container);
        this.routes = routesOf(this.containers);
    }

    /**
     * Returns the containers listening on the channel of an event, running or not: the
     * dispatcher checks each as it delivers, since one may stop while another handles the
     * event.
     * @param channel the event's channel
     * @return the containers, in registration order
     */
    List<SalesforceListenerContainer> containersFor(String channel) {
        return this.routes.getOrDefault(ReplayKey.of(channel), List.of());
    }

    /**
     * Whether the events of a channel wait: a running container listening on it is
     * paused.
     * @param channel a channel or its replay key
     * @return whether paused
     */
    boolean isPaused(String channel) {
        for (SalesforceListenerContainer container : containersFor(channel)) {
            if (container.isRunning() && container.isPaused()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Attaches the client once it is open and subscribes the channels of every running
     * container.
     * @param subscriptions the open client
     */
    synchronized void attach(ChannelSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
        for (SalesforceListenerContainer container : this.containers) {
            if (container.isRunning()) {
                subscribe(container);
            }
        }
    }

    /**
     * Detaches the client, before it closes: subscriptions change no more until the next
     * {@link #attach}.
     */
    synchronized void detach() {
        this.subscriptions = null;
    }

    /**
     * Subscribes the channels of a container that started, unless already subscribed;
     * nothing while no client is attached. A channel Salesforce refuses is logged: it
     * must not stop the other listeners.
     * @param container the container
     */
    synchronized void subscribe(SalesforceListenerContainer container) {
        ChannelSubscriptions client = this.subscriptions;
        if (client == null) {
            return;
        }
        for (String channel : container.getChannels()) {
            if (client.isSubscribed(channel)) {
                continue;
            }
            try {
                client.subscribe(channel, container.getEndpoint().replay());
            }
            catch (RuntimeException ex) {
                logger.error("@SalesforceListener '{}' cannot subscribe to {}: {}", container.getId(), channel,
                        ex.getMessage());
            }
        }
    }

    /**
     * Unsubscribes the channels of a container that stopped, unless another running
     * container listens on them; nothing while no client is attached.
     * @param container the container
     */
    synchronized void unsubscribe(SalesforceListenerContainer container) {
        ChannelSubscriptions client = this.subscriptions;
        if (client == null) {
            return;
        }
        for (String channel : container.getChannels()) {
            if (containersFor(channel).stream().noneMatch(SalesforceListenerContainer::isRunning)) {
                try {
                    client.unsubscribe(channel);
                }
                catch (StreamingException ex) {
                    logger.warn("Could not unsubscribe {}: {}", channel, ex.getMessage());
                }
            }
        }
    }

    private void rejectConflictingFilters(SalesforceListenerContainer container) {
        SalesforceListenerEndpoint endpoint = container.getEndpoint();
        for (String channel : endpoint.channels()) {
            for (SalesforceListenerContainer other : this.containers) {
                for (String otherChannel : other.getChannels()) {
                    if (ReplayKey.of(otherChannel).equals(ReplayKey.of(channel)) && !otherChannel.equals(channel)) {
                        throw new IllegalStateException("@SalesforceListener " + endpoint.invoker().methodName()
                                + " listens on '" + channel + "' and " + other.getEndpoint().invoker().methodName()
                                + " on '" + otherChannel + "': Salesforce allows one subscription per channel, "
                                + "whatever its filter query; use the same channel string in both");
                    }
                }
            }
        }
    }

    private static Map<String, List<SalesforceListenerContainer>> routesOf(
            List<SalesforceListenerContainer> containers) {
        Map<String, List<SalesforceListenerContainer>> routes = new LinkedHashMap<>();
        for (SalesforceListenerContainer container : containers) {
            container.getChannels()
                .stream()
                .map(ReplayKey::of)
                .distinct()
                .forEach((key) -> routes.computeIfAbsent(key, (k) -> new ArrayList<>()).add(container));
        }
        routes.replaceAll((key, list) -> List.copyOf(list));
        return Map.copyOf(routes);
    }

}
