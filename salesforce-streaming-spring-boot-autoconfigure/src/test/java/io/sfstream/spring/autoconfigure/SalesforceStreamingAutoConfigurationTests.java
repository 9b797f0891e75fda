package io.sfstream.spring.autoconfigure;

import java.nio.file.Path;

import io.sfstream.core.auth.AccessToken;
import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.auth.ClientCredentialsAuthenticator;
import io.sfstream.core.auth.JwtBearerAuthenticator;
import io.sfstream.core.auth.PasswordAuthenticator;
import io.sfstream.core.auth.RefreshTokenAuthenticator;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.replay.FileReplayStore;
import io.sfstream.core.replay.InMemoryReplayStore;
import io.sfstream.core.replay.ReplayStore;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class SalesforceStreamingAutoConfigurationTests {

    private static final String[] PASSWORD_FLOW = { "salesforce.streaming.login-url=http://127.0.0.1:1",
            "salesforce.streaming.consumer-key=key", "salesforce.streaming.consumer-secret=s3cr3t-consumer",
            "salesforce.streaming.username=user@example.com", "salesforce.streaming.password=s3cr3t-password",
            "salesforce.streaming.replay.store=memory" };

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SalesforceStreamingAutoConfiguration.class,
                SalesforceStreamingMetricsAutoConfiguration.class, SalesforceStreamingHealthAutoConfiguration.class));

    @Test
    void passwordCredentialsConfigureTheClientAndItsCollaborators() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW).run((context) -> {
            assertThat(context).hasSingleBean(StreamingClient.class)
                .hasSingleBean(SalesforceListenerEndpointRegistry.class)
                .hasSingleBean(InMemoryReplayStore.class);
            assertThat(context.getBean(Authenticator.class)).isInstanceOf(PasswordAuthenticator.class);
        });
    }

    @Test
    void nothingIsConfiguredWhenDisabled() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withPropertyValues("salesforce.streaming.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(StreamingClient.class)
                .doesNotHaveBean(Authenticator.class)
                .doesNotHaveBean(SalesforceListenerEndpointRegistry.class));
    }

    @Test
    void refreshTokenFlowIsInferredFromTheRefreshToken() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.consumer-key=key", "salesforce.streaming.refresh-token=rt",
                    "salesforce.streaming.replay.store=memory")
            .run((context) -> assertThat(context.getBean(Authenticator.class))
                .isInstanceOf(RefreshTokenAuthenticator.class));
    }

    @Test
    void clientCredentialsFlowIsInferredFromKeyAndSecretWithoutUsername() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.login-url=https://acme.my.salesforce.com",
                    "salesforce.streaming.consumer-key=key", "salesforce.streaming.consumer-secret=secret",
                    "salesforce.streaming.replay.store=memory")
            .run((context) -> assertThat(context.getBean(Authenticator.class))
                .isInstanceOf(ClientCredentialsAuthenticator.class));
    }

    @Test
    void jwtBearerFlowIsInferredFromThePrivateKey() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.consumer-key=key", "salesforce.streaming.username=u@example.com",
                    "salesforce.streaming.jwt.private-key=classpath:auth/test-key.pem",
                    "salesforce.streaming.replay.store=memory")
            .run((context) -> assertThat(context.getBean(Authenticator.class))
                .isInstanceOf(JwtBearerAuthenticator.class));
    }

    @Test
    void missingCredentialsFailWithTheFix() {
        this.contextRunner.withPropertyValues("salesforce.streaming.replay.store=memory").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("salesforce.streaming.consumer-key")
                .contains("no Salesforce credentials");
            assertThat(analysis.getAction()).contains("salesforce.streaming.enabled=false");
        });
    }

    @Test
    void ambiguousCredentialsFailNamingAuthFlow() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withPropertyValues("salesforce.streaming.refresh-token=rt")
            .run((context) -> {
                FailureAnalysis analysis = analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("salesforce.streaming.auth-flow").contains("ambiguous");
            });
    }

    @Test
    void explicitAuthFlowWinsOverInference() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withPropertyValues("salesforce.streaming.refresh-token=rt", "salesforce.streaming.auth-flow=refresh-token")
            .run((context) -> assertThat(context.getBean(Authenticator.class))
                .isInstanceOf(RefreshTokenAuthenticator.class));
    }

    @Test
    void unknownAuthFlowFailsNamingTheProperty() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withPropertyValues("salesforce.streaming.auth-flow=kerberos")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("kerberos");
                Throwable bindFailure = context.getStartupFailure();
                while (bindFailure != null && !(bindFailure instanceof BindException)) {
                    bindFailure = bindFailure.getCause();
                }
                assertThat(bindFailure).isNotNull().hasMessageContaining("salesforce.streaming.auth-flow");
            });
    }

    @Test
    void missingPasswordFlowPropertyIsNamed() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.auth-flow=password", "salesforce.streaming.consumer-key=key",
                    "salesforce.streaming.consumer-secret=secret", "salesforce.streaming.password=pw",
                    "salesforce.streaming.replay.store=memory")
            .run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
                .contains("salesforce.streaming.username"));
    }

    @Test
    void plainHttpLoginUrlToARemoteHostFails() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withPropertyValues("salesforce.streaming.login-url=http://login.salesforce.com")
            .run((context) -> {
                FailureAnalysis analysis = analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("salesforce.streaming.login-url");
                assertThat(analysis.getAction()).contains("https");
            });
    }

    @Test
    void clientCredentialsWithoutMyDomainFails() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.auth-flow=client-credentials",
                    "salesforce.streaming.consumer-key=key", "salesforce.streaming.consumer-secret=secret",
                    "salesforce.streaming.replay.store=memory")
            .run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
                .contains("salesforce.streaming.login-url")
                .contains("My Domain"));
    }

    @Test
    void pemThatIsNotAKeyFailsNamingTheProperty() {
        this.contextRunner
            .withPropertyValues("salesforce.streaming.consumer-key=key", "salesforce.streaming.username=u@example.com",
                    "salesforce.streaming.jwt.private-key=classpath:auth/not-a-key.pem",
                    "salesforce.streaming.replay.store=memory")
            .run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
                .contains("salesforce.streaming.jwt.private-key")
                .contains("not-a-key.pem"));
    }

    @Test
    void badReplayDefaultFailsNamingTheProperty() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withPropertyValues("salesforce.streaming.replay.default=yesterday")
            .run((context) -> {
                FailureAnalysis analysis = analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("salesforce.streaming.replay.default")
                    .contains("yesterday");
            });
    }

    @Test
    void tooOldApiVersionFails() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withPropertyValues("salesforce.streaming.api-version=36.0")
            .run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
                .contains("salesforce.streaming.api-version")
                .contains("37.0"));
    }

    @Test
    void nonPositiveMaxPendingCountFails() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withPropertyValues("salesforce.streaming.max-pending-count=0")
            .run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
                .contains("salesforce.streaming.max-pending-count"));
    }

    @Test
    void invalidRetrySettingsFailNamingTheProperty() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withPropertyValues("salesforce.streaming.listener.retry.max-attempts=0")
            .run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
                .contains("salesforce.streaming.listener.retry.max-attempts"));
    }

    @Test
    void fileStoreIsTheDefault(@TempDir Path directory) {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withPropertyValues("salesforce.streaming.replay.store=file",
                    "salesforce.streaming.replay.file=" + directory.resolve("positions.json"))
            .run((context) -> assertThat(context).hasSingleBean(FileReplayStore.class));
        assertThat(new SalesforceStreamingProperties().getReplay().getStore())
            .isEqualTo(SalesforceStreamingProperties.Replay.Store.FILE);
    }

    @Test
    void userDefinedBeansReplaceTheAutoConfiguredOnes() {
        this.contextRunner.withUserConfiguration(UserBeans.class).run((context) -> {
            assertThat(context).hasSingleBean(Authenticator.class).hasSingleBean(ReplayStore.class);
            assertThat(context.getBean(Authenticator.class)).isSameAs(context.getBean("myAuthenticator"));
            assertThat(context.getBean(ReplayStore.class)).isSameAs(context.getBean("myStore"));
        });
    }

    @Test
    void healthIndicatorIsAbsentWithoutSpringBootHealth() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("salesforceStreamingHealthIndicator"));
    }

    @Test
    void healthIndicatorIsPresentWithSpringBootHealth() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .run((context) -> assertThat(context).hasBean("salesforceStreamingHealthIndicator"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "management.health.salesforce-streaming.enabled=false",
            "management.health.salesforceStreaming.enabled=false" })
    void healthIndicatorCanBeDisabled(String property) {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withPropertyValues(property)
            .run((context) -> assertThat(context).doesNotHaveBean("salesforceStreamingHealthIndicator"));
    }

    @Test
    void metricsAreAbsentWithoutMicrometer() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SalesforceStreamingMetrics.class));
    }

    @Test
    void listenerMethodWithAnUnsupportedParameterFailsStartupNamingTheMethod() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withUserConfiguration(BadListenerConfiguration.class)
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasMessageContaining("BadListener.onEvent")
                    .hasMessageContaining("int");
            });
    }

    @Test
    void listenerMethodWithAnInvalidChannelFailsStartupNamingTheMethodAndChannel() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withUserConfiguration(BadChannelConfiguration.class)
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasMessageContaining("BadChannel.onEvent")
                    .hasMessageContaining("/orders");
            });
    }

    @Test
    void listenerChannelPlaceholdersAreResolvedAndContainersFoundById() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withPropertyValues("app.channel=/event/Order_Placed__e",
                    "salesforce.streaming.listener.auto-startup=false")
            .withUserConfiguration(PlaceholderListenerConfiguration.class)
            .run((context) -> {
                SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
                assertThat(registry.getListenerContainerIds()).containsExactly("orders");
                assertThat(registry.getListenerContainer("orders").getChannels())
                    .containsExactly("/event/Order_Placed__e");
                assertThat(registry.getListenerContainer("orders").isRunning()).isFalse();
            });
    }

    @Test
    void twoListenersOnOneChannelWithDifferentFilterQueriesFailStartupNamingBoth() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW)
            .withPropertyValues("salesforce.streaming.listener.auto-startup=false")
            .withUserConfiguration(ConflictingFiltersConfiguration.class)
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasMessageContaining("ConflictingFilters.hot")
                    .hasMessageContaining("ConflictingFilters.all")
                    .hasMessageContaining("one subscription per channel");
            });
    }

    @Test
    void toStringOfPropertiesHidesSecrets() {
        this.contextRunner.withPropertyValues(PASSWORD_FLOW).run((context) -> {
            assertThat(context.getBean(SalesforceStreamingProperties.class).toString()).doesNotContain("s3cr3t");
            assertThat(context.getBean(Authenticator.class).toString()).doesNotContain("s3cr3t");
        });
    }

    private static FailureAnalysis analyze(Throwable failure) {
        FailureAnalysis analysis = new SalesforceStreamingFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
        return analysis;
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBeans {

        @Bean
        Authenticator myAuthenticator() {
            return () -> AccessToken.of("token", java.net.URI.create("http://127.0.0.1:1"));
        }

        @Bean
        ReplayStore myStore() {
            return new InMemoryReplayStore();
        }

    }

    static class BadListener {

        @SalesforceListener("/event/Order_Placed__e")
        void onEvent(int count) {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BadListenerConfiguration {

        @Bean
        BadListener badListener() {
            return new BadListener();
        }

    }

    static class BadChannel {

        @SalesforceListener("/orders")
        void onEvent(String payload) {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BadChannelConfiguration {

        @Bean
        BadChannel badChannel() {
            return new BadChannel();
        }

    }

    static class ConflictingFilters {

        @SalesforceListener("/topic/Foo?Type=Hot")
        void hot(String payload) {
        }

        @SalesforceListener("/topic/Foo")
        void all(String payload) {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ConflictingFiltersConfiguration {

        @Bean
        ConflictingFilters conflictingFilters() {
            return new ConflictingFilters();
        }

    }

    static class PlaceholderListener {

        @SalesforceListener(channels = "${app.channel}", id = "orders")
        void onEvent(java.util.Map<String, Object> payload) {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class PlaceholderListenerConfiguration {

        @Bean
        PlaceholderListener placeholderListener() {
            return new PlaceholderListener();
        }

    }

}
