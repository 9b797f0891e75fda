package io.sfstream.spring.autoconfigure;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Masks the starter's secrets (consumer secret, password, security token, refresh token, private key) in actuator's
 * {@code /configprops} and {@code /env} output even when values are shown ({@code show-values}): Spring Boot no
 * longer masks by key name on its own.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class SalesforceStreamingSanitizingAutoConfiguration {

    private static final List<String> SECRET_SUFFIXES = List.of("consumersecret", "password", "securitytoken",
            "refreshtoken", "privatekey");

    @Bean
    SanitizingFunction salesforceStreamingSanitizingFunction() {
        return (data) -> isSecret(data) ? data.withSanitizedValue() : data;
    }

    static boolean isSecret(SanitizableData data) {
        String key = data.getKey().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
        return SECRET_SUFFIXES.stream().anyMatch(key::endsWith);
    }
}
