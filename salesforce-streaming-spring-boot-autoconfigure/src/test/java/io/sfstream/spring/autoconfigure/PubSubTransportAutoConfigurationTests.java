package io.sfstream.spring.autoconfigure;

import java.util.Map;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.pubsub.PubSubClient;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.Transport;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Choosing the transport, and the startup errors of a choice that cannot work: each names
 * the listener method and channel, or the property, and the fix. No listener connects
 * here (the login URL is unreachable): what is checked happens at startup.
 */
class PubSubTransportAutoConfigurationTests {

    private static final String[] PASSWORD_FLOW = { "salesforce.streaming.login-url=http://127.0.0.1:1",
            "salesforce.streaming.consumer-key=key", "salesforce.streaming.consumer-secret=secret",
            "salesforce.streaming.username=user@example.com", "salesforce.streaming.password=password",
            "salesforce.streaming.replay.store=memory", "salesforce.streaming.listener.auto-startup=false" };

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SalesforceStreamingAutoConfiguration.class,
                SalesforcePubSubAutoConfiguration.class))
        .withPropertyValues(PASSWORD_FLOW);

    @Test
    void listenersReceiveOverCometDByDefaultAndThePubSubClientIsNotCreated() {
        this.contextRunner.withUserConfiguration(CometDOrders.class).run((context) -> {
            assertThat(context).hasNotFailed();
            SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
            assertThat(registry.getListenerContainer("orders").getEndpoint().transport()).isEqualTo(Transport.COMETD);
            assertThat(registry.supports(Transport.PUBSUB)).isTrue();
            assertThat(registry.getTransports()).containsExactly(Transport.COMETD);
            assertThat(context.getBeanFactory().containsSingleton("salesforcePubSubClient")).isFalse();
        });
    }

    @Test
    void theTransportPropertyMovesEveryListenerThatDoesNotChooseItsOwn() {
        this.contextRunner.withUserConfiguration(CometDOrders.class, PubSubAccounts.class)
            .withPropertyValues("salesforce.streaming.transport=pubsub")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
                assertThat(registry.getListenerContainer("orders").getEndpoint().transport())
                    .isEqualTo(Transport.PUBSUB);
                assertThat(registry.getListenerContainer("accounts").getEndpoint().transport())
                    .isEqualTo(Transport.PUBSUB);
                assertThat(registry.getTransports()).containsExactly(Transport.COMETD, Transport.PUBSUB);
                assertThat(context.getBeanFactory().containsSingleton("salesforcePubSubClient")).isTrue();
                assertThat(registry.getClient(Transport.PUBSUB)).isSameAs(context.getBean(PubSubClient.class));
            });
    }

    @Test
    void aListenerChoosesItsTransportOverTheProperty() {
        this.contextRunner.withUserConfiguration(CometDOrders.class, PubSubAccounts.class).run((context) -> {
            SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
            assertThat(registry.getListenerContainer("orders").getEndpoint().transport()).isEqualTo(Transport.COMETD);
            assertThat(registry.getListenerContainer("accounts").getEndpoint().transport()).isEqualTo(Transport.PUBSUB);
        });
        this.contextRunner.withUserConfiguration(PinnedToCometD.class)
            .withPropertyValues("salesforce.streaming.transport=pubsub")
            .run((context) -> assertThat(context.getBean(SalesforceListenerEndpointRegistry.class)
                .getListenerContainer("pushTopic")
                .getEndpoint()
                .transport()).isEqualTo(Transport.COMETD));
    }

    @Test
    void aPushTopicOverPubSubFailsStartupNamingTheMethodAndTheChannel() {
        this.contextRunner.withUserConfiguration(PushTopicOverPubSub.class)
            .run((context) -> assertThat(context).getFailure()
                .hasStackTraceContaining(PushTopicOverPubSub.class.getName() + ".onAccount")
                .hasStackTraceContaining("/topic/AccountUpdates")
                .hasStackTraceContaining("transport = Transport.COMETD"));
    }

    @Test
    void aGenericChannelMovedByThePropertyFailsStartupNamingTheMethodAndTheChannel() {
        this.contextRunner.withUserConfiguration(GenericChannel.class)
            .withPropertyValues("salesforce.streaming.transport=pubsub")
            .run((context) -> assertThat(context).getFailure()
                .hasStackTraceContaining(GenericChannel.class.getName() + ".onNotification")
                .hasStackTraceContaining("/u/Notifications")
                .hasStackTraceContaining("generic streaming"));
    }

    @Test
    void anAvroRecordOverCometDFailsStartupNamingTheMethod() {
        this.contextRunner.withUserConfiguration(AvroOverCometD.class)
            .run((context) -> assertThat(context).getFailure()
                .hasStackTraceContaining(AvroOverCometD.class.getName() + ".onOrder")
                .hasStackTraceContaining("GenericRecord")
                .hasStackTraceContaining("transport = Transport.PUBSUB"));
    }

    @Test
    void aNumericReplayIdOverPubSubFailsStartupNamingTheMethod() {
        this.contextRunner.withUserConfiguration(NumericReplayIdOverPubSub.class)
            .run((context) -> assertThat(context).getFailure()
                .hasStackTraceContaining(NumericReplayIdOverPubSub.class.getName() + ".onOrder")
                .hasStackTraceContaining("io.sfstream.core.replay.ReplayId"));
        this.contextRunner.withUserConfiguration(ReplayFromIdOverPubSub.class)
            .run((context) -> assertThat(context).getFailure()
                .hasStackTraceContaining(ReplayFromIdOverPubSub.class.getName() + ".onOrder")
                .hasStackTraceContaining("replay id 42"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            pubsub.max-pending-count | 101  | must be 1 to 100
            pubsub.max-pending-count | 0    | must be 1 to 100
            pubsub.port              | 0    | is not a port
            pubsub.keepalive-timeout | 0s   | positive duration
            pubsub.idle-timeout      | -1s  | positive duration
            replay.default           | 42   | opaque bytes
            """)
    void aWrongPubSubValueFailsStartupNamingTheProperty(String property, String value, String problem) {
        this.contextRunner.withUserConfiguration(PubSubAccounts.class)
            .withPropertyValues("salesforce.streaming." + property + "=" + value)
            .run((context) -> assertThat(context).getFailure()
                .hasStackTraceContaining("salesforce.streaming." + property)
                .hasStackTraceContaining(problem));
    }

    @Test
    void anUnknownTransportFailsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("salesforce.streaming.transport=grpc")
            .run((context) -> assertThat(context).getFailure()
                .hasStackTraceContaining("salesforce.streaming.transport")
                .hasStackTraceContaining("'grpc' is not a transport"));
    }

    @Test
    void withoutThePubSubModuleACometDApplicationStarts() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(PubSubClient.class))
            .withUserConfiguration(CometDOrders.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(PubSubListenerClients.class);
                assertThat(context).doesNotHaveBean("salesforcePubSubClient");
                SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
                assertThat(registry.supports(Transport.PUBSUB)).isFalse();
                assertThat(registry.getListenerContainerIds()).containsExactly("orders");
            });
    }

    @Test
    void withoutThePubSubModuleThePubSubTransportPropertyFailsStartupNamingIt() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(PubSubClient.class))
            .withPropertyValues("salesforce.streaming.transport=pubsub")
            .run((context) -> assertThat(context).getFailure()
                .hasStackTraceContaining("salesforce.streaming.transport")
                .hasStackTraceContaining("io.sfstream:salesforce-streaming-pubsub"));
    }

    @Test
    void withoutThePubSubModuleAPubSubListenerFailsStartupNamingTheMethod() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(PubSubClient.class))
            .withUserConfiguration(PubSubAccounts.class)
            .run((context) -> assertThat(context).getFailure()
                .hasStackTraceContaining(PubSubAccounts.class.getName() + ".onAccount")
                .hasStackTraceContaining("io.sfstream:salesforce-streaming-pubsub is not on the class path"));
    }

    static class CometDOrders {

        @SalesforceListener(id = "orders", value = "/event/Order_Placed__e")
        void onOrder(Map<String, Object> order) {
        }

    }

    static class PubSubAccounts {

        @SalesforceListener(id = "accounts", value = "/data/AccountChangeEvent", transport = Transport.PUBSUB)
        void onAccount(Map<String, Object> change) {
        }

    }

    static class PinnedToCometD {

        @SalesforceListener(id = "pushTopic", value = "/topic/AccountUpdates", transport = Transport.COMETD)
        void onAccount(Map<String, Object> account) {
        }

    }

    static class PushTopicOverPubSub {

        @SalesforceListener(value = "/topic/AccountUpdates", transport = Transport.PUBSUB)
        void onAccount(Map<String, Object> account) {
        }

    }

    static class GenericChannel {

        @SalesforceListener("/u/Notifications")
        void onNotification(String text) {
        }

    }

    static class AvroOverCometD {

        @SalesforceListener("/event/Order_Placed__e")
        void onOrder(GenericRecord order) {
        }

    }

    static class NumericReplayIdOverPubSub {

        @SalesforceListener(value = "/event/Order_Placed__e", transport = Transport.PUBSUB)
        void onOrder(StreamingEvent event, @io.sfstream.spring.ReplayId long replayId) {
        }

    }

    static class ReplayFromIdOverPubSub {

        @SalesforceListener(value = "/event/Order_Placed__e", transport = Transport.PUBSUB, replay = "42")
        void onOrder(StreamingEvent event) {
        }

    }

}
