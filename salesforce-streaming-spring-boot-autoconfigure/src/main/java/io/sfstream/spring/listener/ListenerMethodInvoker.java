package io.sfstream.spring.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.spring.Channel;
import io.sfstream.spring.EventTime;
import io.sfstream.spring.ReplayId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;

/**
 * Calls a {@link io.sfstream.spring.SalesforceListener} method with arguments resolved
 * from an event. The signature is checked once, when the invoker is created: an
 * unsupported parameter fails with a message naming the method.
 */
public final class ListenerMethodInvoker {

    /**
     * The parameter types of Pub/Sub API events, by name: {@link PubSubArguments} (which
     * needs the Pub/Sub module) is only loaded for a method that declares one.
     */
    private static final String PUBSUB_EVENT = "io.sfstream.pubsub.PubSubEvent";

    private static final String GENERIC_RECORD = "org.apache.avro.generic.GenericRecord";

    private final Object bean;

    private final Method method;

    private final Function<StreamingEvent, @Nullable Object>[] resolvers;

    private @Nullable String pubSubOnlyParameter;

    private @Nullable String numericReplayIdParameter;

    /**
     * Checks the method's signature and prepares its argument resolvers.
     * @param bean the bean that declares the method
     * @param method the annotated method
     * @param jsonMapper converts payloads to POJO, record and {@code JsonNode} parameters
     * @throws IllegalStateException if a parameter is not supported, naming the method
     * and the parameter
     */
    @SuppressWarnings("unchecked")
    public ListenerMethodInvoker(Object bean, Method method, JsonMapper jsonMapper) {
        this.bean = bean;
        this.method = method;
        ReflectionUtils.makeAccessible(method);
        Parameter[] parameters = method.getParameters();
        this.resolvers = new Function[parameters.length];
        int payloadIndex = -1;
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            Function<StreamingEvent, @Nullable Object> header = headerResolver(parameter);
            if (header != null) {
                this.resolvers[i] = header;
                if (parameter.isAnnotationPresent(ReplayId.class)
                        && parameter.getType() != io.sfstream.core.replay.ReplayId.class) {
                    this.numericReplayIdParameter = parameter.getName();
                }
                continue;
            }
            if (parameter.getType() == StreamingEvent.class) {
                this.resolvers[i] = (event) -> event;
                continue;
            }
            boolean pubSubType = isPubSubType(parameter.getType());
            if (pubSubType) {
                this.pubSubOnlyParameter = parameter.getName() + " (" + parameter.getType().getSimpleName() + ")";
            }
            if (pubSubType && parameter.getType().getName().equals(PUBSUB_EVENT)) {
                this.resolvers[i] = PubSubArguments.resolver(parameter.getType());
                continue;
            }
            if (payloadIndex >= 0) {
                throw new IllegalStateException(describe(method) + " has two payload parameters ("
                        + parameters[payloadIndex].getName() + " and " + parameter.getName()
                        + "): a @SalesforceListener method takes at most one payload parameter; annotate the others "
                        + "with @ReplayId, @EventTime or @Channel, or use StreamingEvent");
            }
            payloadIndex = i;
            this.resolvers[i] = pubSubType ? PubSubArguments.resolver(parameter.getType())
                    : payloadResolver(method, parameter, jsonMapper);
        }
    }

    /**
     * Calls the method.
     * @param event the event
     * @throws Exception what the method threw, unwrapped
     */
    public void invoke(StreamingEvent event) throws Exception {
        Object[] arguments = new Object[this.resolvers.length];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = this.resolvers[i].apply(event);
        }
        try {
            this.method.invoke(this.bean, arguments);
        }
        catch (InvocationTargetException ex) {
            Throwable target = ex.getTargetException();
            if (target instanceof Exception exception) {
                throw exception;
            }
            if (target instanceof Error error) {
                throw error;
            }
            throw ex;
        }
    }

    /**
     * Returns the parameter that only an event of the Pub/Sub API has
     * ({@code PubSubEvent}, {@code GenericRecord}), for startup checks.
     * @return the parameter's name and type, or {@code null}
     */
    public @Nullable String pubSubOnlyParameter() {
        return this.pubSubOnlyParameter;
    }

    /**
     * Returns the {@code @ReplayId} parameter that takes the replay id as a number, which
     * the opaque replay ids of the Pub/Sub API are not, for startup checks.
     * @return the parameter's name, or {@code null}
     */
    public @Nullable String numericReplayIdParameter() {
        return this.numericReplayIdParameter;
    }

    /**
     * Returns the method, for messages.
     * @return {@code DeclaringClass.method}
     */
    public String methodName() {
        return this.method.getDeclaringClass().getName() + "." + this.method.getName();
    }

    private static @Nullable Function<StreamingEvent, @Nullable Object> headerResolver(Parameter parameter) {
        Class<?> type = parameter.getType();
        if (parameter.isAnnotationPresent(ReplayId.class)) {
            if (type == long.class) {
                return (event) -> {
                    io.sfstream.core.replay.ReplayId replayId = event.replayId();
                    return (replayId != null) ? replayId.longValue() : -1L;
                };
            }
            if (type == io.sfstream.core.replay.ReplayId.class) {
                return StreamingEvent::replayId;
            }
            requireType(parameter, Long.class, "@ReplayId", "long, Long or io.sfstream.core.replay.ReplayId");
            return (event) -> {
                io.sfstream.core.replay.ReplayId replayId = event.replayId();
                return (replayId != null) ? replayId.longValue() : null;
            };
        }
        if (parameter.isAnnotationPresent(EventTime.class)) {
            requireType(parameter, Instant.class, "@EventTime", "java.time.Instant");
            return StreamingEvent::eventTime;
        }
        if (parameter.isAnnotationPresent(Channel.class)) {
            requireType(parameter, String.class, "@Channel", "String");
            return StreamingEvent::channel;
        }
        return null;
    }

    private static boolean isPubSubType(Class<?> type) {
        return type.getName().equals(PUBSUB_EVENT) || type.getName().equals(GENERIC_RECORD);
    }

    private static void requireType(Parameter parameter, Class<?> expected, String annotation, String accepted) {
        if (parameter.getType() != expected) {
            Method method = (Method) parameter.getDeclaringExecutable();
            throw new IllegalStateException(describe(method) + ": parameter '" + parameter.getName() + "' annotated "
                    + annotation + " must be of type " + accepted + ", not " + parameter.getType().getName());
        }
    }

    private static Function<StreamingEvent, @Nullable Object> payloadResolver(Method method, Parameter parameter,
            JsonMapper jsonMapper) {
        Class<?> type = parameter.getType();
        if (type == String.class) {
            return StreamingEvent::payloadJson;
        }
        if (type == Map.class) {
            requireStringKeys(method, parameter);
            return StreamingEvent::payload;
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            PayloadConverter toTree = new PayloadConverter(jsonMapper, jsonMapper.constructType(JsonNode.class));
            return (event) -> toTree.convert(event.payload());
        }
        if (type.isPrimitive() || type.isArray() || type == Object.class
                || type.getName().startsWith("java.") && !Map.class.isAssignableFrom(type)) {
            throw new IllegalStateException(describe(method) + ": parameter '" + parameter.getName() + "' of type "
                    + parameter.getParameterizedType().getTypeName() + " is not supported. Use StreamingEvent, "
                    + "Map<String, Object>, JsonNode, String, a POJO or record for the payload, or annotate it with "
                    + "@ReplayId, @EventTime or @Channel");
        }
        PayloadConverter converter = new PayloadConverter(jsonMapper,
                jsonMapper.constructType(parameter.getParameterizedType()));
        return (event) -> converter.convert(event.payload());
    }

    private static void requireStringKeys(Method method, Parameter parameter) {
        Type generic = parameter.getParameterizedType();
        if (generic instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] != String.class) {
            throw new IllegalStateException(describe(method) + ": parameter '" + parameter.getName()
                    + "' must be a Map<String, Object>, not " + generic.getTypeName());
        }
    }

    private static String describe(Method method) {
        return "@SalesforceListener method " + method.getDeclaringClass().getName() + "." + method.getName();
    }

    @Override
    public String toString() {
        return "ListenerMethodInvoker[" + methodName() + "]";
    }

}
