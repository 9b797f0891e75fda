package io.sfstream.spring.autoconfigure;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Keeps the {@code salesforce.streaming.*} credentials masked in actuator output when the
 * actuator is present.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class SalesforceStreamingActuatorAutoConfiguration {

    @Bean
    SanitizingFunction salesforceStreamingSanitizingFunction() {
        return new SalesforceStreamingSanitizingFunction();
    }

}
