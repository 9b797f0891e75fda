package io.sfstream.spring.security;

import io.sfstream.core.auth.Authenticator;
import io.sfstream.spring.autoconfigure.SalesforceStreamingAutoConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS is required for every host but loopback: an https login URL is used as given, plain
 * http to any other host fails startup.
 */
class TransportSecurityTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SalesforceStreamingAutoConfiguration.class))
        .withPropertyValues("salesforce.streaming.consumer-key=key", "salesforce.streaming.consumer-secret=secret",
                "salesforce.streaming.username=user@example.com", "salesforce.streaming.password=password",
                "salesforce.streaming.replay.store=memory");

    @ParameterizedTest
    @ValueSource(strings = { "https://acme.my.salesforce.com", "https://login.salesforce.com",
            "https://acme--uat.sandbox.my.salesforce.com", "http://127.0.0.1:8443", "http://localhost:8080" })
    void httpsAndLoopbackLoginUrlsAreUsedAsGiven(String loginUrl) {
        this.contextRunner.withPropertyValues("salesforce.streaming.login-url=" + loginUrl)
            .run((context) -> assertThat(context.getBean(Authenticator.class).toString())
                .contains("loginUrl=" + loginUrl + ","));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://acme.my.salesforce.com", "http://login.salesforce.com", "http://10.0.0.5",
            "http://127.0.0.1.example.com" })
    void plainHttpToAnyOtherHostFailsStartup(String loginUrl) {
        this.contextRunner.withPropertyValues("salesforce.streaming.login-url=" + loginUrl).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("salesforce.streaming.login-url")
                .hasStackTraceContaining("https");
        });
    }

}
