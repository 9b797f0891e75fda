package io.sfstream.spring.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sfstream.core.auth.Authenticator;
import io.sfstream.core.auth.ClientCredentialsAuthenticator;
import io.sfstream.emulator.EmulatorDefaults;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.test.ListenerDelivery;
import io.sfstream.spring.test.SalesforceTestPublisher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where the application logs in comes from {@link SalesforceStreamingConnectionDetails}:
 * properties by default, a {@link SalesforceEmulator} bean when there is one (as a
 * service connection), or the application's own bean.
 */
class ConnectionDetailsIntegrationTests {

    private static final String ORDERS = "/event/Order_Placed__e";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SalesforceEmulatorConnectionAutoConfiguration.class,
                SalesforceStreamingAutoConfiguration.class))
        .withPropertyValues("salesforce.streaming.replay.store=memory");

    @Test
    void anEmulatorBeanConnectsTheApplicationWithoutAnyCredentialProperty() {
        this.contextRunner.withUserConfiguration(EmulatorBean.class, Orders.class).run((context) -> {
            assertThat(context).hasNotFailed();
            SalesforceEmulator emulator = context.getBean(SalesforceEmulator.class);
            assertThat(context.getBean(SalesforceStreamingConnectionDetails.class).getLoginUrl())
                .isEqualTo(emulator.loginUrl());
            ListenerDelivery delivery = context.getBean(SalesforceTestPublisher.class)
                .publishAndAwait(ORDERS, Map.of("OrderNumber__c", "E-1"));
            assertThat(delivery.succeeded()).isTrue();
            assertThat(context.getBean(Orders.class).received).containsExactly("E-1");
        });
    }

    @Test
    void theEmulatorsOwnUsersAreTheOnesLoggedInWith() {
        this.contextRunner.withUserConfiguration(EmulatorWithItsOwnUser.class, Orders.class).run((context) -> {
            SalesforceCredentials credentials = context.getBean(SalesforceStreamingConnectionDetails.class)
                .getCredentials();
            assertThat(credentials).isEqualTo(new SalesforceCredentials.Password("orders-app", "orders-secret",
                    "orders@example.com", "0rders!", "TOKEN"));
            context.getBean(SalesforceTestPublisher.class).publishAndAwait(ORDERS, Map.of("OrderNumber__c", "U-1"));
            assertThat(context.getBean(Orders.class).received).containsExactly("U-1");
        });
    }

    @Test
    void theApplicationsOwnConnectionDetailsWinOverProperties() {
        try (SalesforceEmulator emulator = SalesforceEmulator.builder().platformEvent("Order_Placed__e").start()) {
            this.contextRunner.withUserConfiguration(Orders.class)
                .withPropertyValues("salesforce.streaming.login-url=https://login.salesforce.com",
                        "salesforce.streaming.username=someone@example.com", "salesforce.streaming.password=wrong",
                        "salesforce.streaming.consumer-key=wrong", "salesforce.streaming.consumer-secret=wrong")
                .withBean(SalesforceStreamingConnectionDetails.class, () -> new VaultDetails(emulator.loginUrl()))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    await().atMost(Duration.ofSeconds(20))
                        .until(() -> context.getBean(StreamingConnectionState.class)
                            .subscribedChannels()
                            .contains(ORDERS));
                    emulator.publish(ORDERS, Map.of("OrderNumber__c", "V-1"));
                    await().atMost(Duration.ofSeconds(20))
                        .until(() -> context.getBean(Orders.class).received.contains("V-1"));
                });
        }
    }

    @Test
    void theCredentialsTypeChoosesTheFlow() {
        this.contextRunner
            .withBean(SalesforceStreamingConnectionDetails.class,
                    () -> new FixedDetails(URI.create("https://acme.my.salesforce.com"),
                            new SalesforceCredentials.ClientCredentials("key", "secret")))
            .run((context) -> assertThat(context.getBean(Authenticator.class))
                .isInstanceOf(ClientCredentialsAuthenticator.class));
    }

    @Test
    void anInvalidLoginUrlFromConnectionDetailsNamesTheBean() {
        this.contextRunner
            .withBean(SalesforceStreamingConnectionDetails.class,
                    () -> new FixedDetails(URI.create("http://acme.my.salesforce.com"),
                            new SalesforceCredentials.ClientCredentials("key", "secret")))
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("must use https")
                .satisfies((failure) -> assertThat(failure.getMessage()).doesNotContain("secret")));
        this.contextRunner
            .withBean(SalesforceStreamingConnectionDetails.class,
                    () -> new FixedDetails(URI.create("http://acme.my.salesforce.com"),
                            new SalesforceCredentials.ClientCredentials("key", "secret")))
            .run((context) -> assertThat(context).getFailure()
                .hasStackTraceContaining(FixedDetails.class.getName() + " gives an invalid login URL"));
    }

    @Test
    void credentialsNeverShowTheirSecrets() {
        List<SalesforceCredentials> all = List.of(
                new SalesforceCredentials.Password("key", "consumer-s3cret", "user", "pass-s3cret", "token-s3cret"),
                new SalesforceCredentials.RefreshToken("key", "consumer-s3cret", "refresh-s3cret"),
                new SalesforceCredentials.ClientCredentials("key", "consumer-s3cret"));
        for (SalesforceCredentials credentials : all) {
            assertThat(credentials.toString()).contains("key").doesNotContain("s3cret");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EmulatorBean {

        @Bean(destroyMethod = "close")
        SalesforceEmulator salesforceEmulator() {
            return SalesforceEmulator.builder()
                .platformEvent("Order_Placed__e")
                .connectTimeout(Duration.ofSeconds(1))
                .start();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class EmulatorWithItsOwnUser {

        @Bean(destroyMethod = "close")
        SalesforceEmulator salesforceEmulator() {
            return SalesforceEmulator.builder()
                .user("orders@example.com", "0rders!", "TOKEN")
                .connectedApp("orders-app", "orders-secret")
                .platformEvent("Order_Placed__e")
                .connectTimeout(Duration.ofSeconds(1))
                .start();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class Orders {

        final List<String> received = new CopyOnWriteArrayList<>();

        @SalesforceListener(id = "orders", value = ORDERS)
        void onOrder(Map<String, Object> payload) {
            this.received.add((String) payload.get("OrderNumber__c"));
        }

    }

    /** Details an application reads from a secret store. */
    record VaultDetails(URI loginUrl) implements SalesforceStreamingConnectionDetails {

        @Override
        public URI getLoginUrl() {
            return this.loginUrl;
        }

        @Override
        public SalesforceCredentials getCredentials() {
            return new SalesforceCredentials.Password(EmulatorDefaults.CONSUMER_KEY, EmulatorDefaults.CONSUMER_SECRET,
                    EmulatorDefaults.USERNAME, EmulatorDefaults.PASSWORD, EmulatorDefaults.SECURITY_TOKEN);
        }

    }

    record FixedDetails(URI loginUrl,
            SalesforceCredentials credentials) implements SalesforceStreamingConnectionDetails {

        @Override
        public URI getLoginUrl() {
            return this.loginUrl;
        }

        @Override
        public SalesforceCredentials getCredentials() {
            return this.credentials;
        }

    }

}
