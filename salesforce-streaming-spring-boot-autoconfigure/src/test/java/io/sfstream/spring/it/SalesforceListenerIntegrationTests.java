package io.sfstream.spring.it;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.FileReplayStore;
import io.sfstream.emulator.PublishedEvent;
import io.sfstream.emulator.SalesforceEmulator;
import io.sfstream.emulator.junit.EmbeddedSalesforce;
import io.sfstream.spring.Channel;
import io.sfstream.spring.EventTime;
import io.sfstream.spring.ReplayId;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.SalesforceListenerErrorHandler;
import io.sfstream.spring.autoconfigure.StreamingConnectionState;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of the starter: real Spring Boot applications receive events from the
 * emulator over HTTP.
 */
@EmbeddedSalesforce(platformEvents = "Order_Placed__e", changeDataCaptures = "AccountChangeEvent",
        connectTimeoutMillis = 2000)
class SalesforceListenerIntegrationTests {

    private static final String ORDERS = "/event/Order_Placed__e";

    private static final String ACCOUNT_CHANGES = "/data/AccountChangeEvent";

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final Duration POLL = Duration.ofMillis(20);

    private final SalesforceEmulator emulator;

    @TempDir
    Path directory;

    SalesforceListenerIntegrationTests(SalesforceEmulator emulator) {
        this.emulator = emulator;
    }

    @Test
    void everySupportedParameterTypeReceivesTheEvent() {
        try (ConfigurableApplicationContext context = run(ParameterTypesApplication.class)) {
            awaitSubscribed(context, ORDERS);
            PublishedEvent published = this.emulator.publish(ORDERS,
                    Map.of("OrderNumber__c", "A-1", "Amount__c", 42.5));
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await("every listener to get the event").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> recorder.count("pojo") == 1 && recorder.count("event") == 1 && recorder.count("map") == 1
                        && recorder.count("node") == 1 && recorder.count("string") == 1);

            StreamingEvent event = (StreamingEvent) recorder.get("event").get(0);
            assertThat(event.replayId().longValue()).isEqualTo(published.replayId());
            assertThat(event.channel()).isEqualTo(ORDERS);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) recorder.get("map").get(0);
            assertThat(map).containsEntry("OrderNumber__c", "A-1");
            JsonNode node = (JsonNode) recorder.get("node").get(0);
            assertThat(node.get("Amount__c").asDouble()).isEqualTo(42.5);
            assertThat((String) recorder.get("string").get(0)).contains("\"OrderNumber__c\":\"A-1\"");
            @SuppressWarnings("unchecked")
            List<Object> pojo = (List<Object>) recorder.get("pojo").get(0);
            assertThat(pojo.get(0)).isEqualTo(new OrderPlaced("A-1", 42.5));
            assertThat(pojo.get(1)).isEqualTo(published.replayId());
            assertThat(pojo.get(2)).isInstanceOf(Instant.class);
            assertThat(pojo.get(3)).isEqualTo(ORDERS);
        }
    }

    @Test
    void severalListenersAndChannelsShareOneClientAndKeepReplayOrder() {
        try (ConfigurableApplicationContext context = run(MultiChannelApplication.class)) {
            awaitSubscribed(context, ORDERS);
            awaitSubscribed(context, ACCOUNT_CHANGES);
            List<String> orderIds = new ArrayList<>();
            List<String> changeIds = new ArrayList<>();
            List<Long> changeReplayIds = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                orderIds
                    .add(ORDERS + "#" + this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "O-" + i)).replayId());
                long changeId = this.emulator.publish(ACCOUNT_CHANGES, Map.of("Name", "Acme " + i)).replayId();
                changeReplayIds.add(changeId);
                changeIds.add(ACCOUNT_CHANGES + "#" + changeId);
            }
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await("10 + 5 events").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> recorder.count("both") == 10 && recorder.count("changes") == 5);
            List<Object> both = recorder.get("both");
            assertThat(both.stream().filter((id) -> orderIds.contains(id)).toList())
                .containsExactlyElementsOf(orderIds);
            assertThat(both.stream().filter((id) -> changeIds.contains(id)).toList())
                .containsExactlyElementsOf(changeIds);
            assertThat(recorder.get("changes")).containsExactlyElementsOf(changeReplayIds);
            assertThat(recorder.get("changeTypes")).containsOnly("CREATE");
            assertThat(context.getBean(SalesforceListenerEndpointRegistry.class).getClient().subscriptions())
                .containsExactlyInAnyOrder(ORDERS, ACCOUNT_CHANGES);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("salesforce.streaming.events.received").tag("channel", ORDERS).counter().count())
                .isEqualTo(5.0);
        }
    }

    @Test
    void failedCallsAreRetriedThenHandedToTheErrorHandlerAndTheStreamGoesOn() {
        try (ConfigurableApplicationContext context = run(FailingListenersApplication.class,
                "salesforce.streaming.listener.retry.max-attempts=3")) {
            awaitSubscribed(context, ORDERS);
            long first = this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "F-1")).replayId();
            long second = this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "F-2")).replayId();
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await("both events through the flaky listener and the error handler").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> recorder.count("flaky-done") == 2 && recorder.count("handler") == 2);
            assertThat(recorder.get("flaky-done")).containsExactly(first, second);
            assertThat(recorder.count("flaky-attempt")).isEqualTo(6);
            assertThat(recorder.get("handler")).containsExactly("broken:" + first + ":3", "broken:" + second + ":3");
        }
    }

    @Test
    void errorHandlerCanStopTheListener() {
        try (ConfigurableApplicationContext context = run(StoppingErrorHandlerApplication.class,
                "salesforce.streaming.listener.retry.max-attempts=1")) {
            awaitSubscribed(context, ORDERS);
            this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "S-1"));
            SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
            await("the listener to stop").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> !registry.getListenerContainer("broken").isRunning());
            await("the channel to be unsubscribed").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> !registry.getClient().subscriptions().contains(ORDERS));
        }
    }

    @Test
    void anApplicationDefinedClientServesASecondStartOfTheRegistryWithNothingLost() {
        int subscribes = this.emulator.observations().subscribes().size();
        try (ConfigurableApplicationContext context = run(this.directory.resolve("positions.json"),
                OwnClientApplication.class)) {
            SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
            assertThat(registry.getClient()).isSameAs(context.getBean(OwnClientApplication.class).client);
            await("the first subscription").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> this.emulator.observations()
                    .subscribes()
                    .stream()
                    .skip(subscribes)
                    .anyMatch((subscribe) -> subscribe.successful() && subscribe.subscription().equals(ORDERS)));
            EventRecorder recorder = context.getBean(EventRecorder.class);
            long first = this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "T-1")).replayId();
            await("the event of the first term").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> recorder.count("ids") == 1);
            // As when leadership is revoked, then granted again.
            registry.stop();
            long whileStopped = this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "T-2")).replayId();
            registry.start();
            await("the second subscription").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> registry.getClient().subscriptions().contains(ORDERS));
            long second = this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "T-3")).replayId();
            await("the events of the second term").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> recorder.count("ids") == 3);
            assertThat(recorder.get("ids")).containsExactly(first, whileStopped, second);
            assertThat(registry.getClient()).isSameAs(context.getBean(OwnClientApplication.class).client);
        }
    }

    @Test
    void aRestartedApplicationResumesFromTheFileStoreWithNothingLost() {
        Path file = this.directory.resolve("positions.json");
        List<Long> before = new ArrayList<>();
        try (ConfigurableApplicationContext context = run(file, ReplayIdApplication.class)) {
            awaitSubscribed(context, ORDERS);
            for (int i = 0; i < 5; i++) {
                before.add(this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "R-" + i)).replayId());
            }
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await("5 events before the restart").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> recorder.count("ids") == 5);
            assertThat(recorder.get("ids")).containsExactlyElementsOf(before);
        }
        List<Long> whileDown = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            whileDown.add(this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "D-" + i)).replayId());
        }
        try (ConfigurableApplicationContext context = run(file, ReplayIdApplication.class)) {
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await("the 5 events published while the application was down").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> recorder.count("ids") >= 5);
            assertThat(recorder.get("ids")).containsExactlyElementsOf(whileDown);
        }
    }

    @Test
    void shutdownLetsTheCallInProgressFinishAndCommitsOnlyWhatWasProcessed() {
        Path file = this.directory.resolve("positions.json");
        List<Long> published = new ArrayList<>();
        List<Object> processed;
        try (ConfigurableApplicationContext context = run(file, SlowListenerApplication.class)) {
            awaitSubscribed(context, ORDERS);
            for (int i = 0; i < 6; i++) {
                published.add(this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "G-" + i)).replayId());
            }
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await("two calls to start").atMost(WAIT).pollInterval(POLL).until(() -> recorder.count("started") >= 2);
            context.close();
            assertThat(recorder.get("finished")).containsExactlyElementsOf(recorder.get("started"));
            processed = recorder.get("finished");
        }
        assertThat(processed).hasSizeLessThan(published.size());
        long lastProcessed = (Long) processed.get(processed.size() - 1);
        try (FileReplayStore store = new FileReplayStore(file)) {
            assertThat(store.load(ORDERS)).map((position) -> position.replayId().longValue()).contains(lastProcessed);
        }
        try (ConfigurableApplicationContext context = run(file, SlowListenerApplication.class)) {
            EventRecorder recorder = context.getBean(EventRecorder.class);
            List<Long> remaining = published.subList(processed.size(), published.size());
            await("the unprocessed events after restart").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> recorder.count("finished") >= remaining.size());
            assertThat(recorder.get("finished")).containsExactlyElementsOf(remaining);
        }
    }

    @Test
    void healthGoesDownWhenCredentialsAreRefusedAndUpAgainAfterRecovery() {
        try (ConfigurableApplicationContext context = run(ReplayIdApplication.class)) {
            awaitSubscribed(context, ORDERS);
            HealthIndicator health = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
            await("health UP").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> Status.UP.equals(health.health().getStatus()));

            int subscribes = this.emulator.observations().subscribes().size();
            this.emulator.faults().failNextTokenRequests(2);
            this.emulator.faults().revokeAllTokens();
            await("health DOWN because the token request was refused").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> Status.DOWN.equals(health.health().getStatus())
                        && String.valueOf(health.health().getDetails().get("reason"))
                            .startsWith("authentication failed"));
            assertThat(String.valueOf(health.health().getDetails().get("reason"))).contains("HTTP 503")
                .doesNotContain("SECURITYTOKEN");

            await("health UP after recovery").atMost(Duration.ofSeconds(30))
                .pollInterval(POLL)
                .until(() -> Status.UP.equals(health.health().getStatus()));
            // The channel starts with 'new' and had no event yet: only what is published
            // after its re-subscription
            // reaches it.
            await("the channel subscribed again").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> this.emulator.observations()
                    .subscribes()
                    .stream()
                    .skip(subscribes)
                    .anyMatch((subscribe) -> subscribe.successful() && subscribe.subscription().equals(ORDERS)));
            long replayId = this.emulator.publish(ORDERS, Map.of("OrderNumber__c", "H-1")).replayId();
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await("an event after recovery").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> recorder.get("ids").contains(replayId));
        }
        finally {
            this.emulator.faults().reset();
        }
    }

    @Test
    void healthIsDownWhileTheConcurrentClientLimitRefusesTheClientAndUpOnceItIsLifted() {
        this.emulator.faults().concurrentClientLimit(0);
        try (ConfigurableApplicationContext context = run(ReplayIdApplication.class)) {
            HealthIndicator health = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
            await("health DOWN because of the concurrent client limit").atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> Status.DOWN.equals(health.health().getStatus())
                        && String.valueOf(health.health().getDetails().get("reason"))
                            .contains("concurrent user limit"));
            this.emulator.faults().reset();
            await("health UP once the limit is lifted").atMost(Duration.ofSeconds(30))
                .pollInterval(POLL)
                .until(() -> Status.UP.equals(health.health().getStatus()));
            awaitSubscribed(context, ORDERS);
        }
        finally {
            this.emulator.faults().reset();
        }
    }

    @Test
    void shutdownDoesNotWaitForTheShutdownTimeoutWhileSalesforceCannotBeReached() {
        ConfigurableApplicationContext context = run(ReplayIdApplication.class,
                "salesforce.streaming.login-url=http://127.0.0.1:9",
                "salesforce.streaming.listener.shutdown-timeout=60s");
        HealthIndicator health = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
        await("health DOWN: Salesforce unreachable").atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> Status.DOWN.equals(health.health().getStatus()));
        long start = System.nanoTime();
        context.close();
        // Not a speed assertion: without the fix, close() waits the whole 60 s shutdown
        // timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    private ConfigurableApplicationContext run(Class<?> application, String... properties) {
        return run(this.directory.resolve("positions-" + System.nanoTime() + ".json"), application, properties);
    }

    private ConfigurableApplicationContext run(Path file, Class<?> application, String... properties) {
        return StarterApplications.run(this.emulator, file, application, properties);
    }

    private static void awaitSubscribed(ConfigurableApplicationContext context, String channel) {
        StreamingConnectionState state = context.getBean(StreamingConnectionState.class);
        await("subscription to " + channel).atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> state.subscribedChannels().contains(channel));
    }

    record OrderPlaced(String OrderNumber__c, double Amount__c) {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Base {

        @Bean
        EventRecorder eventRecorder() {
            return new EventRecorder();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ParameterTypesApplication extends Base {

        @Bean
        ParameterTypesListener parameterTypesListener(EventRecorder recorder) {
            return new ParameterTypesListener(recorder);
        }

    }

    record ParameterTypesListener(EventRecorder recorder) {

        @SalesforceListener(ORDERS)
        void onEvent(StreamingEvent event) {
            this.recorder.record("event", event);
        }

        @SalesforceListener(ORDERS)
        void onMap(Map<String, Object> payload) {
            this.recorder.record("map", payload);
        }

        @SalesforceListener(ORDERS)
        void onNode(JsonNode payload) {
            this.recorder.record("node", payload);
        }

        @SalesforceListener(ORDERS)
        void onString(String payload) {
            this.recorder.record("string", payload);
        }

        @SalesforceListener(ORDERS)
        void onPojo(OrderPlaced order, @ReplayId long replayId, @EventTime Instant time, @Channel String channel) {
            this.recorder.record("pojo", List.of(order, replayId, time, channel));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MultiChannelApplication extends Base {

        @Bean
        MultiChannelListener multiChannelListener(EventRecorder recorder) {
            return new MultiChannelListener(recorder);
        }

    }

    record MultiChannelListener(EventRecorder recorder) {

        @SalesforceListener({ ORDERS, ACCOUNT_CHANGES })
        void onBoth(StreamingEvent event) {
            this.recorder.record("both", event.channel() + "#" + event.replayId());
        }

        @SalesforceListener(ACCOUNT_CHANGES)
        void onChange(Map<String, Object> payload, @ReplayId Long replayId) {
            @SuppressWarnings("unchecked")
            Map<String, Object> header = (Map<String, Object>) payload.get("ChangeEventHeader");
            this.recorder.record("changeTypes", header.get("changeType"));
            this.recorder.record("changes", replayId);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingListenersApplication extends Base {

        @Bean
        FailingListeners failingListeners(EventRecorder recorder) {
            return new FailingListeners(recorder, new AtomicInteger());
        }

        @Bean
        SalesforceListenerErrorHandler recordingErrorHandler(EventRecorder recorder) {
            return (failure) -> recorder.record("handler",
                    failure.listenerId() + ":" + failure.event().replayId() + ":" + failure.attempts());
        }

    }

    record FailingListeners(EventRecorder recorder, AtomicInteger calls) {

        @SalesforceListener(channels = ORDERS, id = "flaky")
        void flaky(@ReplayId long replayId) {
            this.recorder.record("flaky-attempt", replayId);
            if (this.calls.incrementAndGet() % 3 != 0) {
                throw new IllegalStateException("flaky failure " + this.calls.get());
            }
            this.recorder.record("flaky-done", replayId);
        }

        @SalesforceListener(channels = ORDERS, id = "broken")
        void broken(String payload) {
            throw new IllegalStateException("always broken");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StoppingErrorHandlerApplication extends Base {

        @Bean
        BrokenListener brokenListener() {
            return new BrokenListener();
        }

        @Bean
        SalesforceListenerErrorHandler stoppingErrorHandler() {
            return SalesforceListenerErrorHandler.FailedEvent::stopListener;
        }

    }

    static class BrokenListener {

        @SalesforceListener(channels = ORDERS, id = "broken")
        void broken(String payload) {
            throw new IllegalStateException("always broken");
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ReplayIdApplication extends Base {

        @Bean
        ReplayIdListener replayIdListener(EventRecorder recorder) {
            return new ReplayIdListener(recorder);
        }

    }

    record ReplayIdListener(EventRecorder recorder) {

        @SalesforceListener(ORDERS)
        void onOrder(@ReplayId long replayId) {
            this.recorder.record("ids", replayId);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClientApplication extends ReplayIdApplication {

        StreamingClient client;

        @Bean
        StreamingClient ownStreamingClient(io.sfstream.core.auth.Authenticator authenticator) {
            this.client = StreamingClient.builder(authenticator)
                .replayStore(new io.sfstream.core.replay.InMemoryReplayStore())
                .defaultReplay(io.sfstream.core.replay.ReplayFrom.NEW_EVENTS)
                .commitBatching(1, Duration.ofMillis(100))
                .build();
            return this.client;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class SlowListenerApplication extends Base {

        @Bean
        SlowListener slowListener(EventRecorder recorder) {
            return new SlowListener(recorder);
        }

    }

    record SlowListener(EventRecorder recorder) {

        @SalesforceListener(ORDERS)
        void onOrder(@ReplayId long replayId) throws InterruptedException {
            this.recorder.record("started", replayId);
            Thread.sleep(300);
            this.recorder.record("finished", replayId);
        }
    }

}
