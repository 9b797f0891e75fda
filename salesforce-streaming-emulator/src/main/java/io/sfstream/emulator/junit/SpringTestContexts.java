package io.sfstream.emulator.junit;

import io.sfstream.emulator.SalesforceEmulator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The emulator of a Spring test: a test class run by Spring's JUnit extension gets its
 * emulator from the test's application context, where the Spring Boot starter's context
 * customizer puts the one {@link EmbeddedSalesforce} describes, so that the test and the
 * application talk to the same org. Only {@link #isSpringTest} may be called without
 * Spring on the class path.
 */
final class SpringTestContexts {

    private static final String SPRING_EXTENSION = "org.springframework.test.context.junit.jupiter.SpringExtension";

    private SpringTestContexts() {
    }

    /**
     * Returns whether Spring's JUnit extension runs the test class
     * ({@code @SpringBootTest}, {@code @SpringJUnitConfig},
     * {@code @ExtendWith(SpringExtension.class)}).
     * @param testClass the test class
     * @return whether it is a Spring test
     */
    static boolean isSpringTest(Class<?> testClass) {
        for (ExtendWith extendWith : AnnotationSupport.findRepeatableAnnotations(testClass, ExtendWith.class)) {
            for (Class<? extends Extension> extension : extendWith.value()) {
                if (extension.getName().equals(SPRING_EXTENSION)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Returns the emulator bean of the test's application context, loading the context if
     * needed.
     * @param context the test's extension context
     * @return the bean, or {@code null} if the context has none (or several)
     */
    static @Nullable SalesforceEmulator emulatorBean(ExtensionContext context) {
        ApplicationContext applicationContext = SpringExtension.getApplicationContext(context);
        return applicationContext.getBeanProvider(SalesforceEmulator.class).getIfUnique();
    }

}
