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
import io.sfstream.spring.Channel;
import io.sfstream.spring.EventTime;
import io.sfstream.spring.ReplayId;
import io.sfstream.spring.SalesforceListener;
import io.sfstream.spring.SalesforceListenerErrorHandler;
import io.sfstream.spring.autoconfigure.StreamingConnectionState;
import io.sfstream.spring.listener.SalesforceListenerEndpointRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.sfstream.spring.it.EventRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of the starter: real Spring Boot applications receive events from the
 * emulator over HTTP.
 */
class SalesforceListenerIntegrationTests {

    private static final String ORDERS = "/event/Order_Placed__e";

    private static final String ACCOUNT_CHANGES = "/data/AccountChangeEvent";

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static SalesforceEmulator emulator;

    @TempDir
    Path directory;

    @BeforeAll
    static void startEmulator() {
        emulator = SalesforceEmulator.builder()
            .platformEvent("Order_Placed__e")
            .changeDataCapture("AccountChangeEvent")
            .connectTimeout(Duration.ofSeconds(2))
            .start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Test
    void everySupportedParameterTypeReceivesTheEvent() {
        try (ConfigurableApplicationContext context = run(ParameterTypesApplication.class)) {
            awaitSubscribed(context, ORDERS);
            PublishedEvent published = emulator.publish(ORDERS, Map.of("OrderNumber__c", "A-1", "Amount__c", 42.5));
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await(WAIT,
                    () -> recorder.count("pojo") == 1 && recorder.count("event") == 1 && recorder.count("map") == 1
                            && recorder.count("node") == 1 && recorder.count("string") == 1,
                    "every listener to get the event");

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
                orderIds.add(ORDERS + "#" + emulator.publish(ORDERS, Map.of("OrderNumber__c", "O-" + i)).replayId());
                long changeId = emulator.publish(ACCOUNT_CHANGES, Map.of("Name", "Acme " + i)).replayId();
                changeReplayIds.add(changeId);
                changeIds.add(ACCOUNT_CHANGES + "#" + changeId);
            }
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await(WAIT, () -> recorder.count("both") == 10 && recorder.count("changes") == 5, "10 + 5 events");
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
            long first = emulator.publish(ORDERS, Map.of("OrderNumber__c", "F-1")).replayId();
            long second = emulator.publish(ORDERS, Map.of("OrderNumber__c", "F-2")).replayId();
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await(WAIT, () -> recorder.count("flaky-done") == 2 && recorder.count("handler") == 2,
                    "both events through the flaky listener and the error handler");
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
            emulator.publish(ORDERS, Map.of("OrderNumber__c", "S-1"));
            SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
            await(WAIT, () -> !registry.getListenerContainer("broken").isRunning(), "the listener to stop");
            await(WAIT, () -> !registry.getClient().subscriptions().contains(ORDERS), "the channel to be unsubscribed");
        }
    }

    @Test
    void anApplicationDefinedClientServesASecondStartOfTheRegistryWithNothingLost() {
        int subscribes = emulator.observations().subscribes().size();
        try (ConfigurableApplicationContext context = run(this.directory.resolve("positions.json"),
                OwnClientApplication.class)) {
            SalesforceListenerEndpointRegistry registry = context.getBean(SalesforceListenerEndpointRegistry.class);
            assertThat(registry.getClient()).isSameAs(context.getBean(OwnClientApplication.class).client);
            await(WAIT,
                    () -> emulator.observations()
                        .subscribes()
                        .stream()
                        .skip(subscribes)
                        .anyMatch((subscribe) -> subscribe.successful() && subscribe.subscription().equals(ORDERS)),
                    "the first subscription");
            EventRecorder recorder = context.getBean(EventRecorder.class);
            long first = emulator.publish(ORDERS, Map.of("OrderNumber__c", "T-1")).replayId();
            await(WAIT, () -> recorder.count("ids") == 1, "the event of the first term");
            // As when leadership is revoked, then granted again.
            registry.stop();
            long whileStopped = emulator.publish(ORDERS, Map.of("OrderNumber__c", "T-2")).replayId();
            registry.start();
            await(WAIT, () -> registry.getClient().subscriptions().contains(ORDERS), "the second subscription");
            long second = emulator.publish(ORDERS, Map.of("OrderNumber__c", "T-3")).replayId();
            await(WAIT, () -> recorder.count("ids") == 3, "the events of the second term");
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
                before.add(emulator.publish(ORDERS, Map.of("OrderNumber__c", "R-" + i)).replayId());
            }
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await(WAIT, () -> recorder.count("ids") == 5, "5 events before the restart");
            assertThat(recorder.get("ids")).containsExactlyElementsOf(before);
        }
        List<Long> whileDown = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            whileDown.add(emulator.publish(ORDERS, Map.of("OrderNumber__c", "D-" + i)).replayId());
        }
        try (ConfigurableApplicationContext context = run(file, ReplayIdApplication.class)) {
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await(WAIT, () -> recorder.count("ids") >= 5, "the 5 events published while the application was down");
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
                published.add(emulator.publish(ORDERS, Map.of("OrderNumber__c", "G-" + i)).replayId());
            }
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await(WAIT, () -> recorder.count("started") >= 2, "two calls to start");
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
            await(WAIT, () -> recorder.count("finished") >= remaining.size(), "the unprocessed events after restart");
            assertThat(recorder.get("finished")).containsExactlyElementsOf(remaining);
        }
    }

    @Test
    void healthGoesDownWhenCredentialsAreRefusedAndUpAgainAfterRecovery() {
        try (ConfigurableApplicationContext context = run(ReplayIdApplication.class)) {
            awaitSubscribed(context, ORDERS);
            HealthIndicator health = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
            await(WAIT, () -> Status.UP.equals(health.health().getStatus()), "health UP");

            int subscribes = emulator.observations().subscribes().size();
            emulator.faults().failNextTokenRequests(2);
            emulator.faults().revokeAllTokens();
            await(WAIT, () -> Status.DOWN.equals(health.health().getStatus())
                    && String.valueOf(health.health().getDetails().get("reason")).startsWith("authentication failed"),
                    "health DOWN because the token request was refused");
            assertThat(String.valueOf(health.health().getDetails().get("reason"))).contains("HTTP 503")
                .doesNotContain("SECURITYTOKEN");

            await(Duration.ofSeconds(30), () -> Status.UP.equals(health.health().getStatus()),
                    "health UP after recovery");
            // The channel starts with 'new' and had no event yet: only what is published
            // after its re-subscription
            // reaches it.
            await(WAIT,
                    () -> emulator.observations()
                        .subscribes()
                        .stream()
                        .skip(subscribes)
                        .anyMatch((subscribe) -> subscribe.successful() && subscribe.subscription().equals(ORDERS)),
                    "the channel subscribed again");
            long replayId = emulator.publish(ORDERS, Map.of("OrderNumber__c", "H-1")).replayId();
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await(WAIT, () -> recorder.get("ids").contains(replayId), "an event after recovery");
        }
        finally {
            emulator.faults().reset();
        }
    }

    @Test
    void healthIsDownWhileTheConcurrentClientLimitRefusesTheClientAndUpOnceItIsLifted() {
        emulator.faults().concurrentClientLimit(0);
        try (ConfigurableApplicationContext context = run(ReplayIdApplication.class)) {
            HealthIndicator health = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
            await(WAIT, () -> Status.DOWN.equals(health.health().getStatus())
                    && String.valueOf(health.health().getDetails().get("reason")).contains("concurrent user limit"),
                    "health DOWN because of the concurrent client limit");
            emulator.faults().reset();
            await(Duration.ofSeconds(30), () -> Status.UP.equals(health.health().getStatus()),
                    "health UP once the limit is lifted");
            awaitSubscribed(context, ORDERS);
        }
        finally {
            emulator.faults().reset();
        }
    }

    @Test
    void shutdownDoesNotWaitForTheShutdownTimeoutWhileSalesforceCannotBeReached() {
        ConfigurableApplicationContext context = run(ReplayIdApplication.class,
                "salesforce.streaming.login-url=http://127.0.0.1:9",
                "salesforce.streaming.listener.shutdown-timeout=60s");
        HealthIndicator health = context.getBean("salesforceStreamingHealthIndicator", HealthIndicator.class);
        await(WAIT, () -> Status.DOWN.equals(health.health().getStatus()), "health DOWN: Salesforce unreachable");
        long start = System.nanoTime();
        context.close();
        // Not a speed assertion: without the fix, close() waits the whole 60 s shutdown
        // timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    private ConfigurableApplicationContext run(Class<?> application, String... properties) {
        return run(this.directory.resolve("positions-" + System.nanoTime() + ".json"), application, properties);
    }

    private static ConfigurableApplicationContext run(Path file, Class<?> application, String... properties) {
        return StarterApplications.run(emulator, file, application, properties);
    }

    private static void awaitSubscribed(ConfigurableApplicationContext context, String channel) {
        StreamingConnectionState state = context.getBean(StreamingConnectionState.class);
        await(WAIT, () -> state.subscribedChannels().contains(channel), "subscription to " + channel);
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
