package io.sfstream.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import io.sfstream.emulator.SalesforceEmulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The zero-configuration demo: when no Salesforce credentials are configured
 * ({@code salesforce.streaming.consumer-key} is empty) and {@code sample.demo.enabled} is
 * not {@code false}, starts an emulated Salesforce org in-process, points the starter at
 * it (the emulator bean is all the starter needs), and lets {@link DemoEventPublisher}
 * publish demo events. With credentials it does nothing: the application connects to the
 * real org and the emulator is never started.
 */
public final class DemoOrg implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String ORDERS = "Order_Placed__e";

    static final String ACCOUNT_CHANGES = "AccountChangeEvent";

    static final String INVOICES = "InvoiceUpdates";

    private static final Logger logger = LoggerFactory.getLogger(DemoOrg.class);

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (StringUtils.hasText(environment.getProperty("salesforce.streaming.consumer-key"))
                || !environment.getProperty("sample.demo.enabled", Boolean.class, true)) {
            return;
        }
        SalesforceEmulator emulator = SalesforceEmulator.builder()
            .platformEvent(ORDERS)
            .changeDataCapture(ACCOUNT_CHANGES)
            .pushTopic(INVOICES)
            .start();
        // The emulator bean is enough: the starter's connection details log in to it
        // (SalesforceEmulatorConnectionAutoConfiguration).
        Map<String, Object> properties = new LinkedHashMap<>();
        // A new emulated org starts with new replay ids: positions from an earlier run
        // would not match it.
        properties.put("salesforce.streaming.replay.store", "memory");
        environment.getPropertySources().addFirst(new MapPropertySource("salesforceDemoOrg", properties));
        context.getBeanFactory().registerSingleton("salesforceDemoOrg", emulator);
        context.addApplicationListener((ContextClosedEvent event) -> emulator.close());
        logger.warn("No Salesforce credentials configured (salesforce.streaming.consumer-key is empty): running the "
                + "DEMO on an embedded emulated org at {}. Set SALESFORCE_CONSUMER_KEY and the other credentials to "
                + "connect to a real org; set sample.demo.enabled=false to disable the demo.", emulator.loginUrl());
    }

}
