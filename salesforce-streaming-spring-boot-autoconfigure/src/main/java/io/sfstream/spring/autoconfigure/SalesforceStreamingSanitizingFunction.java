package io.sfstream.spring.autoconfigure;

import java.util.Locale;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the credentials among the {@code salesforce.streaming.*} properties in the
 * actuator's {@code env} and {@code configprops} output, even when {@code show-values} is
 * {@code always}. Matches every spelling of the property (kebab case, camel case,
 * environment variables).
 */
final class SalesforceStreamingSanitizingFunction implements SanitizingFunction {

    private static final Set<String> SECRETS = Set.of("salesforce.streaming.password",
            "salesforce.streaming.securitytoken", "salesforce.streaming.consumersecret",
            "salesforce.streaming.refreshtoken", "salesforce.streaming.proxy.password");

    @Override
    public SanitizableData apply(SanitizableData data) {
        String key = data.getKey().toLowerCase(Locale.ROOT).replace("-", "").replace('_', '.');
        return SECRETS.contains(key) ? data.withSanitizedValue() : data;
    }

}
