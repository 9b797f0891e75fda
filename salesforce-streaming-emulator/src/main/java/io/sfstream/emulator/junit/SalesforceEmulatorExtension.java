package io.sfstream.emulator.junit;

import io.sfstream.emulator.SalesforceEmulator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link EmbeddedSalesforce}: one emulator per test
 * class (or per test method, with {@link EmbeddedSalesforce#newOrgPerTest()}), or, in a
 * Spring test ({@code @SpringBootTest}) with the Spring Boot starter on the class path,
 * the emulator bean of the test's application context, which the application is connected
 * to. Register it through the annotation.
 */
public final class SalesforceEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
        .create(SalesforceEmulatorExtension.class);

    private static final String KEY = "emulator";

    /** Creates the extension; JUnit does this. */
    public SalesforceEmulatorExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!SpringTestContexts.isSpringTest(context.getRequiredTestClass()) && !perTest(context)) {
            context.getStore(NAMESPACE).put(KEY, start(context));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeStored(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest(context) && !SpringTestContexts.isSpringTest(context.getRequiredTestClass())) {
            context.getStore(NAMESPACE).put(KEY, start(context));
            return;
        }
        emulator(context).faults().reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest(context)) {
            closeStored(context);
        }
    }

    private static void closeStored(ExtensionContext context) {
        SalesforceEmulator emulator = context.getStore(NAMESPACE).remove(KEY, SalesforceEmulator.class);
        if (emulator != null) {
            emulator.close();
        }
    }

    private static boolean perTest(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), EmbeddedSalesforce.class)
            .map(EmbeddedSalesforce::newOrgPerTest)
            .orElse(false);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == SalesforceEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return emulator(extensionContext);
    }

    private static SalesforceEmulator emulator(ExtensionContext context) {
        SalesforceEmulator emulator = context.getStore(NAMESPACE).get(KEY, SalesforceEmulator.class);
        if (emulator != null) {
            return emulator;
        }
        if (SpringTestContexts.isSpringTest(context.getRequiredTestClass())) {
            SalesforceEmulator bean = SpringTestContexts.emulatorBean(context);
            if (bean != null) {
                return bean;
            }
            // A Spring test without the starter's context customizer: an emulator of the
            // class's own, as without Spring.
            ExtensionContext classContext = classContext(context);
            return classContext.getStore(NAMESPACE)
                .computeIfAbsent(KEY, (key) -> start(classContext), SalesforceEmulator.class);
        }
        throw new IllegalStateException("No emulator: annotate the test class with @EmbeddedSalesforce");
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static SalesforceEmulator start(ExtensionContext context) {
        EmbeddedSalesforce settings = AnnotationSupport
            .findAnnotation(context.getRequiredTestClass(), EmbeddedSalesforce.class)
            .orElse(null);
        return EmbeddedSalesforceSettings.builder(settings).start();
    }

}
