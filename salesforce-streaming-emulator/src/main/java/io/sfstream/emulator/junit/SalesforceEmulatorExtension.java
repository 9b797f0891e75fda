package io.sfstream.emulator.junit;

import java.time.Duration;

import io.sfstream.emulator.SalesforceEmulator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link EmbeddedSalesforce}: one emulator per test
 * class. Register it through the annotation.
 */
public final class SalesforceEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
        .create(SalesforceEmulatorExtension.class);

    private static final String KEY = "emulator";

    /** Creates the extension; JUnit does this. */
    public SalesforceEmulatorExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        EmbeddedSalesforce settings = AnnotationSupport
            .findAnnotation(context.getRequiredTestClass(), EmbeddedSalesforce.class)
            .orElse(null);
        SalesforceEmulator.Builder builder = SalesforceEmulator.builder();
        if (settings != null) {
            builder.port(settings.port())
                .connectTimeout(Duration.ofMillis(settings.connectTimeoutMillis()))
                .reconnectWindow(Duration.ofMillis(settings.reconnectWindowMillis()))
                .pubSubPort(settings.pubSubPort())
                .pubSubKeepalivePeriod(Duration.ofMillis(settings.pubSubKeepaliveMillis()))
                .pubSubIdleTimeout(Duration.ofMillis(settings.pubSubIdleTimeoutMillis()));
            for (String name : settings.pushTopics()) {
                builder.pushTopic(name);
            }
            for (String name : settings.platformEvents()) {
                builder.platformEvent(name);
            }
            for (String name : settings.changeDataCaptures()) {
                builder.changeDataCapture(name);
            }
            for (String name : settings.genericChannels()) {
                builder.genericChannel(name);
            }
        }
        context.getStore(NAMESPACE).put(KEY, builder.start());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        SalesforceEmulator emulator = context.getStore(NAMESPACE).remove(KEY, SalesforceEmulator.class);
        if (emulator != null) {
            emulator.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator(context).faults().reset();
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
        if (emulator == null) {
            throw new IllegalStateException("No emulator: annotate the test class with @EmbeddedSalesforce");
        }
        return emulator;
    }

}
