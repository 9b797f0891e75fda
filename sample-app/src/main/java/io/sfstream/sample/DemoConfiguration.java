package io.sfstream.sample;

import io.sfstream.emulator.SalesforceEmulator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Beans of the zero-configuration demo, present only when {@link DemoOrg} started the
 * emulated org.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(SalesforceEmulator.class)
class DemoConfiguration {

    @Bean
    DemoEventPublisher demoEventPublisher(SalesforceEmulator emulator, Environment environment) {
        return new DemoEventPublisher(emulator,
                environment.getProperty("sample.demo.period", java.time.Duration.class, java.time.Duration.ofSeconds(3))
                    .toMillis());
    }

}
