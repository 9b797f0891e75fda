package io.sfstream.spring.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.sfstream.core.client.ChannelKind;
import io.sfstream.core.replay.ReplayFrom;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.Transport;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * Finds {@link SalesforceListener} methods on beans and registers an endpoint for each in
 * the {@link SalesforceListenerEndpointRegistry}, once every singleton exists. Channel
 * names, replay starts and auto-startup flags are resolved ({@code ${...}}) and validated
 * here, so a mistake fails startup with a message naming the method: so is a channel or a
 * parameter that the listener's transport cannot deliver (a PushTopic over the Pub/Sub
 * API, a {@code GenericRecord} over CometD).
 */
public final class SalesforceListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

    private final Supplier<SalesforceListenerEndpointRegistry> registry;

    private final Supplier<JsonMapper> jsonMapper;

    private final boolean defaultAutoStartup;

    private final Transport defaultTransport;

    private final List<Found> found = new ArrayList<>();

    private final Set<Class<?>> classesWithoutListeners = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private @Nullable ConfigurableBeanFactory beanFactory;

    /**
     * Creates the post-processor. Its collaborators are looked up lazily, when every
     * singleton exists.
     * @param registry the registry to register endpoints in
     * @param jsonMapper the mapper for payload conversion
     * @param defaultAutoStartup whether listeners start automatically unless their
     * annotation says otherwise
     */
    public SalesforceListenerAnnotationBeanPostProcessor(Supplier<SalesforceListenerEndpointRegistry> registry,
            Supplier<JsonMapper> jsonMapper, boolean defaultAutoStartup) {
        this(registry, jsonMapper, defaultAutoStartup, Transport.COMETD);
    }

    /**
     * Creates the post-processor. Its collaborators are looked up lazily, when every
     * singleton exists.
     * @param registry the registry to register endpoints in
     * @param jsonMapper the mapper for payload conversion
     * @param defaultAutoStartup whether listeners start automatically unless their
     * annotation says otherwise
     * @param defaultTransport the transport of listeners whose annotation says
     * {@link Transport#DEFAULT}: {@link Transport#COMETD} or {@link Transport#PUBSUB}
     */
    public SalesforceListenerAnnotationBeanPostProcessor(Supplier<SalesforceListenerEndpointRegistry> registry,
            Supplier<JsonMapper> jsonMapper, boolean defaultAutoStartup, Transport defaultTransport) {
        if (defaultTransport == Transport.DEFAULT) {
            throw new IllegalArgumentException("The default transport is COMETD or PUBSUB");
        }
        this.registry = registry;
        this.jsonMapper = jsonMapper;
        this.defaultAutoStartup = defaultAutoStartup;
        this.defaultTransport = defaultTransport;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ConfigurableBeanFactory configurable) {
            this.beanFactory = configurable;
        }
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (this.classesWithoutListeners.contains(targetClass)) {
            return bean;
        }
        Map<Method, SalesforceListener> methods = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<SalesforceListener>) (method) -> AnnotatedElementUtils
                    .findMergedAnnotation(method, SalesforceListener.class));
        if (methods.isEmpty()) {
            this.classesWithoutListeners.add(targetClass);
            return bean;
        }
        synchronized (this.found) {
            methods.forEach((method, annotation) -> this.found
                .add(new Found(bean, AopUtils.selectInvocableMethod(method, bean.getClass()), annotation)));
        }
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Found> listeners;
        synchronized (this.found) {
            listeners = List.copyOf(this.found);
            this.found.clear();
        }
        if (listeners.isEmpty()) {
            return;
        }
        SalesforceListenerEndpointRegistry endpointRegistry = this.registry.get();
        JsonMapper mapper = this.jsonMapper.get();
        Set<String> ids = new HashSet<>();
        for (Found listener : listeners) {
            SalesforceListenerEndpoint endpoint = toEndpoint(listener, mapper, ids);
            if (!endpointRegistry.supports(endpoint.transport())) {
                throw new BeanInitializationException("@SalesforceListener method " + endpoint.invoker().methodName()
                        + " listens over the Pub/Sub API, but io.sfstream:salesforce-streaming-pubsub is not on the "
                        + "class path: add it, or listen over CometD (transport = Transport.COMETD)");
            }
            endpointRegistry.registerListenerContainer(endpoint);
        }
    }

    private SalesforceListenerEndpoint toEndpoint(Found listener, JsonMapper mapper, Set<String> ids) {
        Method method = listener.method();
        String name = method.getDeclaringClass().getName() + "." + method.getName();
        List<String> channels = channels(listener.annotation(), name);
        ReplayFrom replay = replay(listener.annotation(), name);
        boolean autoStartup = autoStartup(listener.annotation(), name);
        String id = resolve(listener.annotation().id());
        if (!StringUtils.hasText(id)) {
            id = method.getDeclaringClass().getSimpleName() + "." + method.getName();
            String candidate = id;
            for (int i = 2; ids.contains(candidate); i++) {
                candidate = id + "#" + i;
            }
            id = candidate;
        }
        ids.add(id);
        ListenerMethodInvoker invoker;
        try {
            invoker = new ListenerMethodInvoker(listener.bean(), method, mapper);
        }
        catch (IllegalStateException ex) {
            throw new BeanInitializationException(ex.getMessage(), ex);
        }
        Transport transport = (listener.annotation().transport() != Transport.DEFAULT)
                ? listener.annotation().transport() : this.defaultTransport;
        checkTransport(transport, name, channels, replay, invoker);
        return new SalesforceListenerEndpoint(id, channels, replay, autoStartup, invoker,
                concurrency(listener.annotation(), name), transport);
    }

    private static void checkTransport(Transport transport, String method, List<String> channels,
            @Nullable ReplayFrom replay, ListenerMethodInvoker invoker) {
        if (transport == Transport.COMETD) {
            if (invoker.pubSubOnlyParameter() != null) {
                throw new BeanInitializationException("@SalesforceListener method " + method + " takes "
                        + invoker.pubSubOnlyParameter() + ", which only events of the Pub/Sub API have, but listens "
                        + "over CometD: set transport = Transport.PUBSUB (or salesforce.streaming.transport=pubsub)");
            }
            return;
        }
        for (String channel : channels) {
            ChannelKind kind = ChannelKind.of(channel);
            if (kind == ChannelKind.PUSH_TOPIC || kind == ChannelKind.GENERIC) {
                throw new BeanInitializationException("@SalesforceListener method " + method + " listens on " + channel
                        + " over the Pub/Sub API, which has only platform events (/event/...) and change events "
                        + "(/data/...): " + ((kind == ChannelKind.PUSH_TOPIC) ? "PushTopic" : "generic streaming")
                        + " channels stay on CometD; set transport = Transport.COMETD on this listener");
            }
        }
        if (replay != null && replay.isReplayId()) {
            throw new BeanInitializationException("@SalesforceListener method " + method + " starts from replay id "
                    + replay.value() + " over the Pub/Sub API, whose replay ids are opaque bytes: use replay = "
                    + "\"new\" or \"all\" (a stored position is resumed from either way)");
        }
        if (invoker.numericReplayIdParameter() != null) {
            throw new BeanInitializationException("@SalesforceListener method " + method + " takes @ReplayId "
                    + invoker.numericReplayIdParameter() + " as a number, but listens over the Pub/Sub API, whose "
                    + "replay ids are opaque bytes: declare it as io.sfstream.core.replay.ReplayId");
        }
    }

    private List<String> channels(SalesforceListener annotation, String method) {
        Set<String> channels = new LinkedHashSet<>();
        for (String raw : annotation.channels()) {
            String channel = resolve(raw).trim();
            try {
                ChannelKind.of(channel);
            }
            catch (IllegalArgumentException ex) {
                throw new BeanInitializationException(
                        "@SalesforceListener method " + method + " declares an invalid channel: " + ex.getMessage(),
                        ex);
            }
            channels.add(channel);
        }
        if (channels.isEmpty()) {
            throw new BeanInitializationException("@SalesforceListener method " + method
                    + " declares no channel: add one, such as @SalesforceListener(\"/event/Order_Placed__e\")");
        }
        return List.copyOf(channels);
    }

    private @Nullable ReplayFrom replay(SalesforceListener annotation, String method) {
        String replay = resolve(annotation.replay()).trim();
        if (replay.isEmpty()) {
            return null;
        }
        try {
            return ReplayFrom.parse(replay);
        }
        catch (IllegalArgumentException ex) {
            throw new BeanInitializationException(
                    "@SalesforceListener method " + method + " has an invalid replay attribute: " + ex.getMessage(),
                    ex);
        }
    }

    private int concurrency(SalesforceListener annotation, String method) {
        String value = resolve(annotation.concurrency()).trim();
        if (value.isEmpty()) {
            return 0;
        }
        try {
            int concurrency = Integer.parseInt(value);
            if (concurrency >= 1) {
                return concurrency;
            }
        }
        catch (NumberFormatException ex) {
            // reported below
        }
        throw new BeanInitializationException(
                "@SalesforceListener method " + method + " has concurrency '" + value + "': use a number of 1 or more");
    }

    private boolean autoStartup(SalesforceListener annotation, String method) {
        String value = resolve(annotation.autoStartup()).trim();
        if (value.isEmpty()) {
            return this.defaultAutoStartup;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new BeanInitializationException(
                "@SalesforceListener method " + method + " has autoStartup '" + value + "': use true or false");
    }

    private String resolve(String value) {
        if (this.beanFactory == null || !StringUtils.hasText(value)) {
            return value;
        }
        String resolved = this.beanFactory.resolveEmbeddedValue(value);
        return (resolved != null) ? resolved : value;
    }

    private record Found(Object bean, Method method, SalesforceListener annotation) {
    }

}
