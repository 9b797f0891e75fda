package io.sfstream.spring.test;

import java.util.Map;

import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.junit.EmbeddedSalesforce;
import io.sfstream.emulator.junit.EmbeddedSalesforceSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Registers the {@link SalesforceEmulator} an {@link EmbeddedSalesforce} annotation
 * describes as the bean {@value #BEAN_NAME}, started with the context and closed with it
 * (test classes with the same annotation share a cached context and its emulator), and
 * makes the memory replay store the default, so that positions of an earlier emulator
 * never leak into a test. Properties the application or the test sets still win.
 */
final class EmbeddedSalesforceContextCustomizer implements ContextCustomizer {

    /** The emulator's bean name. */
    static final String BEAN_NAME = "salesforceEmulator";

    private final EmbeddedSalesforce settings;

    private EmbeddedSalesforceContextCustomizer(EmbeddedSalesforce settings) {
        this.settings = settings;
    }

    static @Nullable ContextCustomizer forTestClass(Class<?> testClass) {
        EmbeddedSalesforce settings = TestContextAnnotationUtils.findMergedAnnotation(testClass,
                EmbeddedSalesforce.class);
        return (settings != null) ? new EmbeddedSalesforceContextCustomizer(settings) : null;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        EmbeddedSalesforce annotation = this.settings;
        RootBeanDefinition definition = new RootBeanDefinition(SalesforceEmulator.class,
                () -> EmbeddedSalesforceSettings.builder(annotation).start());
        definition.setDestroyMethodName("close");
        ((BeanDefinitionRegistry) context.getBeanFactory()).registerBeanDefinition(BEAN_NAME, definition);
        context.getEnvironment()
            .getPropertySources()
            .addLast(
                    new MapPropertySource("embeddedSalesforce", Map.of("salesforce.streaming.replay.store", "memory")));
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof EmbeddedSalesforceContextCustomizer customizer
                && this.settings.equals(customizer.settings);
    }

    @Override
    public int hashCode() {
        return this.settings.hashCode();
    }

}
