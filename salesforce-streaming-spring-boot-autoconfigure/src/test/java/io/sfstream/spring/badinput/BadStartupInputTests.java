package io.sfstream.spring.badinput;

import java.util.Map;

import io.sfstream.spring.ReplayId;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.autoconfigure.SalesforceStreamingAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong values a user can give at startup, beyond those of
 * {@code SalesforceStreamingAutoConfigurationTests}: each fails startup with a message
 * naming what is wrong (the property with its value, or the listener method) and how to
 * fix it.
 */
class BadStartupInputTests {

    private static final String[] PASSWORD_FLOW = { "salesforce.streaming.login-url=http://127.0.0.1:1",
            "salesforce.streaming.consumer-key=key", "salesforce.streaming.consumer-secret=secret",
            "salesforce.streaming.username=user@example.com", "salesforce.streaming.password=password",
            "salesforce.streaming.replay.store=memory" };

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SalesforceStreamingAutoConfiguration.class))
        .withPropertyValues(PASSWORD_FLOW);

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            api-version                     | sixty-four | Use a version such as 64.0
            connection-timeout              | 0s         | positive duration
            connection-timeout              | -5s        | positive duration
            max-pending-count               | -1         | positive number
            back-off.initial                | 0ms        | positive duration
            back-off.max                    | 10ms       | or more
            replay.commit-batch-size        | 0          | positive number
            replay.commit-interval          | 0s         | positive duration
            replay.store                    | jdbc       | replay.store=file
            replay.default                  | -7         | 'new'
            listener.retry.multiplier       | 0.5        | 1.0
            listener.retry.initial-interval | 0s         | 0 < initial-interval
            listener.retry.max-interval     | 1ms        | 0 < initial-interval
            """)
    void aWrongValueFailsStartupNamingThePropertyAndTheFix(String property, String value, String fix) {
        this.contextRunner.withPropertyValues("salesforce.streaming." + property + "=" + value).run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            String named = property.equals("listener.retry.max-interval") ? "listener.retry.initial-interval"
                    : property;
            assertThat(analysis.getDescription()).contains("salesforce.streaming." + named);
            assertThat(analysis.getDescription() + analysis.getAction()).contains(fix);
        });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            replay.fallback       | sometimes
            replay.store          | redis
            connection-timeout    | soon
            max-pending-count     | many
            sandbox               | maybe
            listener.auto-startup | perhaps
            """)
    void aValueOfTheWrongTypeFailsStartupNamingThePropertyAndTheValue(String property, String value) {
        this.contextRunner.withPropertyValues("salesforce.streaming." + property + "=" + value).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("salesforce.streaming." + property)
                .hasStackTraceContaining(value);
        });
    }

    @Test
    void aMissingPrivateKeyFileFailsNamingThePropertyAndTheFile() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SalesforceStreamingAutoConfiguration.class))
            .withPropertyValues("salesforce.streaming.consumer-key=key", "salesforce.streaming.username=u@example.com",
                    "salesforce.streaming.jwt.private-key=file:/nonexistent/salesforce.key",
                    "salesforce.streaming.replay.store=memory")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("salesforce.streaming.jwt.private-key")
                    .contains("salesforce.key");
            });
    }

    @Test
    void aPemHoldingACertificateInsteadOfAKeyFailsNamingTheProperty() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SalesforceStreamingAutoConfiguration.class))
            .withPropertyValues("salesforce.streaming.consumer-key=key", "salesforce.streaming.username=u@example.com",
                    "salesforce.streaming.jwt.private-key=classpath:security/jwt-cert.pem",
                    "salesforce.streaming.replay.store=memory")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("salesforce.streaming.jwt.private-key")
                    .contains("jwt-cert.pem");
            });
    }

    @ParameterizedTest
    @CsvSource({ "/event/", "event/Order_Placed__e", "/meta/handshake", "/event/Order*", "/event/**", "/topic/",
            "/cometd/64.0", "/data/", "/u/Name With Space", "/topic/Foo/Bar", "''" })
    void anInvalidChannelFailsStartupNamingTheMethodAndTheChannel(String channel) {
        this.contextRunner.withPropertyValues("app.channel=" + channel)
            .withUserConfiguration(PlaceholderChannelListener.class)
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("PlaceholderChannelListener$Listener.onEvent");
                if (!channel.isEmpty()) {
                    assertThat(context.getStartupFailure()).hasStackTraceContaining(channel);
                }
            });
    }

    @Test
    void twoPayloadParametersFailStartupNamingTheMethod() {
        this.contextRunner.withUserConfiguration(TwoPayloads.class).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("TwoPayloads$Listener.onEvent");
        });
    }

    @Test
    void replayIdOnAStringParameterFailsStartupNamingTheMethodAndParameter() {
        this.contextRunner.withUserConfiguration(ReplayIdAsString.class).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("ReplayIdAsString$Listener.onEvent")
                .hasStackTraceContaining("String");
        });
    }

    @Test
    void twoListenersWithTheSameIdFailStartupNamingTheId() {
        this.contextRunner.withUserConfiguration(DuplicateIds.class).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("'orders'");
        });
    }

    @Test
    void anInvalidReplayAttributeFailsStartupNamingTheMethod() {
        this.contextRunner.withUserConfiguration(BadReplayAttribute.class).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("BadReplayAttribute$Listener.onEvent")
                .hasStackTraceContaining("yesterday");
        });
    }

    /**
     * Analyzes the failure with the analyzers registered in spring.factories, as Spring
     * Boot does at startup.
     */
    private static FailureAnalysis analyze(Throwable failure) {
        FailureAnalysis analysis = SpringFactoriesLoader.forDefaultResourceLocation()
            .load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.none(),
                    (factoryType, implementationName, notInstantiable) -> {
                        // Boot's own analyzers need a bean factory; only this project's
                        // are wanted here.
                    })
            .stream()
            .filter((analyzer) -> analyzer.getClass().getName().startsWith("io.sfstream"))
            .map((analyzer) -> analyzer.analyze(failure))
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElse(null);
        assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
        return analysis;
    }

    @Configuration(proxyBeanMethods = false)
    static class PlaceholderChannelListener {

        @Bean
        PlaceholderChannelListener.Listener placeholderListener() {
            return new Listener();
        }

        static class Listener {

            @SalesforceListener("${app.channel}")
            void onEvent(String payload) {
            }

        }

    }

    @Configuration(proxyBeanMethods = false)
    static class TwoPayloads {

        @Bean
        TwoPayloads.Listener twoPayloadsListener() {
            return new Listener();
        }

        static class Listener {

            @SalesforceListener("/event/Order_Placed__e")
            void onEvent(String payload, Map<String, Object> again) {
            }

        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ReplayIdAsString {

        @Bean
        ReplayIdAsString.Listener replayIdAsStringListener() {
            return new Listener();
        }

        static class Listener {

            @SalesforceListener("/event/Order_Placed__e")
            void onEvent(@ReplayId String replayId) {
            }

        }

    }

    @Configuration(proxyBeanMethods = false)
    static class DuplicateIds {

        @Bean
        DuplicateIds.Listener duplicateIdsListener() {
            return new Listener();
        }

        static class Listener {

            @SalesforceListener(channels = "/event/Order_Placed__e", id = "orders")
            void onEvent(String payload) {
            }

            @SalesforceListener(channels = "/event/Other__e", id = "orders")
            void onOther(String payload) {
            }

        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BadReplayAttribute {

        @Bean
        BadReplayAttribute.Listener badReplayListener() {
            return new Listener();
        }

        static class Listener {

            @SalesforceListener(channels = "/event/Order_Placed__e", replay = "yesterday")
            void onEvent(String payload) {
            }

        }

    }

}
