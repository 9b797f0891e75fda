package io.sfstream.benchmarks.consumer;

import java.util.ArrayList;
import java.util.List;

import io.sfstream.spring.ReplayId;
import io.sfstream.spring.SalesforceListener;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring Boot application as a user writes it: the starter, the file replay store (the
 * default), and one {@code @SalesforceListener} method taking a record and the replay id.
 */
final class SpringConsumer implements Consumer {

    private static volatile Recorder current;

    private final ConsumerSettings settings;

    private ConfigurableApplicationContext context;

    SpringConsumer(ConsumerSettings settings, Recorder recorder) {
        this.settings = settings;
        current = recorder;
    }

    @Override
    public void start() throws Exception {
        List<String> properties = new ArrayList<>(List.of("salesforce.streaming.login-url=" + this.settings.loginUrl(),
                "salesforce.streaming.consumer-key=test-consumer-key",
                "salesforce.streaming.consumer-secret=test-consumer-secret",
                "salesforce.streaming.username=user@example.com", "salesforce.streaming.password=password",
                "salesforce.streaming.security-token=SECURITYTOKEN",
                "salesforce.streaming.replay.store=" + this.settings.store(),
                "salesforce.streaming.replay.file=" + this.settings.directory().resolve("replay-positions.json"),
                "salesforce.streaming.replay.default=all",
                "salesforce.streaming.max-pending-count=" + this.settings.maxPendingCount(),
                "bench.channel=" + this.settings.channel(), "spring.main.banner-mode=off", "logging.level.root=WARN"));
        this.context = new SpringApplicationBuilder(BenchApplication.class).web(WebApplicationType.NONE)
            .properties(properties.toArray(String[]::new))
            .run();
    }

    @Override
    public void close() {
        if (this.context != null) {
            this.context.close();
        }
    }

    /**
     * The application.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class BenchApplication {

        @Bean
        AccountChanges accountChanges() {
            return new AccountChanges();
        }

    }

    /**
     * The listener bean.
     */
    static class AccountChanges {

        @SalesforceListener("${bench.channel}")
        void onChange(AccountChange change, @ReplayId long replayId) {
            current.onEvent(replayId, change.SentMicros__c());
        }

    }

    /**
     * The fields of an Account change the application reads.
     *
     * @param Name the account name
     * @param Industry the industry
     * @param AnnualRevenue the revenue
     * @param NumberOfEmployees the head count
     * @param BillingCity the billing city
     * @param SentMicros__c the benchmark's publish time
     */
    @SuppressWarnings("checkstyle:RecordComponentName")
    record AccountChange(String Name, String Industry, Double AnnualRevenue, Integer NumberOfEmployees,
            String BillingCity, long SentMicros__c) {
    }

}
