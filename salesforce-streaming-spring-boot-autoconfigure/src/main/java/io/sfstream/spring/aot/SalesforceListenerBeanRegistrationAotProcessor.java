package io.sfstream.spring.aot;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.spring.Channel;
import io.sfstream.spring.EventTime;
import io.sfstream.spring.ReplayId;
import io.sfstream.spring.SalesforceListener;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Registers what a native image needs to run the {@link SalesforceListener} methods of a
 * bean: the methods, invoked reflectively, and the record and POJO types their payload
 * parameters are bound to (constructors, accessors, fields, as Jackson and the starter's
 * record reader use them).
 */
final class SalesforceListenerBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

    /**
     * Payload types that need no binding hints: the starter hands them over as they are.
     */
    private static final Set<Class<?>> AS_IS = Set.of(StreamingEvent.class, Map.class, JsonNode.class, String.class);

    @Override
    public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> beanClass = ClassUtils.getUserClass(registeredBean.getBeanClass());
        List<Method> listeners = List.copyOf(
                MethodIntrospector
                    .selectMethods(beanClass,
                            (MethodIntrospector.MetadataLookup<SalesforceListener>) (method) -> AnnotatedElementUtils
                                .findMergedAnnotation(method, SalesforceListener.class))
                    .keySet());
        if (listeners.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
            BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
            for (Method method : listeners) {
                reflection.registerMethod(method, ExecutableMode.INVOKE);
                for (Parameter parameter : method.getParameters()) {
                    if (isPayload(parameter)) {
                        bindings.registerReflectionHints(reflection, parameter.getParameterizedType());
                        registerPayloadTypes(reflection, parameter.getParameterizedType(), new HashSet<>());
                    }
                }
            }
        };
    }

    /**
     * Registers a payload type and the types reachable through its fields, record
     * components, type arguments and array components (Jackson binds public fields too,
     * which bean introspection alone misses).
     */
    private static void registerPayloadTypes(ReflectionHints reflection, Type type, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType parameterized) {
            registerPayloadTypes(reflection, parameterized.getRawType(), seen);
            for (Type argument : parameterized.getActualTypeArguments()) {
                registerPayloadTypes(reflection, argument, seen);
            }
            return;
        }
        if (type instanceof GenericArrayType array) {
            registerPayloadTypes(reflection, array.getGenericComponentType(), seen);
            return;
        }
        if (!(type instanceof Class<?> clazz)) {
            return;
        }
        if (clazz.isArray()) {
            registerPayloadTypes(reflection, clazz.getComponentType(), seen);
            return;
        }
        if (clazz.isPrimitive() || clazz.getName().startsWith("java.") || !seen.add(clazz)) {
            return;
        }
        reflection.registerType(clazz, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
                MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS);
        for (Field field : clazz.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                registerPayloadTypes(reflection, field.getGenericType(), seen);
            }
        }
    }

    private static boolean isPayload(Parameter parameter) {
        return !parameter.isAnnotationPresent(ReplayId.class) && !parameter.isAnnotationPresent(EventTime.class)
                && !parameter.isAnnotationPresent(Channel.class)
                && AS_IS.stream().noneMatch((type) -> type.isAssignableFrom(parameter.getType()));
    }

}
