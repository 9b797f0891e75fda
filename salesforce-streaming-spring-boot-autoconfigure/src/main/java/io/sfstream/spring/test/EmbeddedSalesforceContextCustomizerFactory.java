package io.sfstream.spring.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.util.ClassUtils;

/**
 * Gives a Spring test annotated with {@code @EmbeddedSalesforce} an emulated org as a
 * bean of its application context, which the starter connects the application to. Spring
 * Test finds it through {@code META-INF/spring.factories}; it does nothing without the
 * emulator on the class path.
 */
final class EmbeddedSalesforceContextCustomizerFactory implements ContextCustomizerFactory {

    private static final String ANNOTATION = "io.sfstream.emulator.junit.EmbeddedSalesforce";

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        if (!ClassUtils.isPresent(ANNOTATION, testClass.getClassLoader())) {
            return null;
        }
        return EmbeddedSalesforceContextCustomizer.forTestClass(testClass);
    }

}
