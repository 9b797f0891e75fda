package io.sfstream.sample;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sfstream.emulator.SalesforceEmulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

/**
 * Publishes a small stream of realistic demo events on the embedded emulated org: an
 * order, an account change and an invoice update every few seconds. Active only in the
 * demo (see {@link DemoOrg}).
 */
final class DemoEventPublisher implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(DemoEventPublisher.class);

    private static final List<String> ACCOUNTS = List.of("Acme", "Globex", "Initech", "Umbrella", "Stark Industries");

    private final SalesforceEmulator emulator;

    private final long periodMillis;

    private final AtomicInteger sequence = new AtomicInteger();

    private volatile ScheduledExecutorService scheduler;

    DemoEventPublisher(SalesforceEmulator emulator, long periodMillis) {
        this.emulator = emulator;
        this.periodMillis = periodMillis;
    }

    @EventListener(ApplicationReadyEvent.class)
    void publishFromNowOn() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, "demo-event-publisher");
            thread.setDaemon(true);
            return thread;
        });
        this.scheduler = executor;
        executor.scheduleAtFixedRate(this::publishRound, 500, this.periodMillis, TimeUnit.MILLISECONDS);
    }

    private void publishRound() {
        try {
            int n = this.sequence.incrementAndGet();
            String account = ACCOUNTS.get(n % ACCOUNTS.size());
            this.emulator.publish("/event/" + DemoOrg.ORDERS, Map.of("OrderNumber__c", String.format("ORD-%05d", n),
                    "Account__c", account, "Amount__c", 100.0 + (n * 37 % 900), "Status__c", "Placed"));
            this.emulator.publish("/data/" + DemoOrg.ACCOUNT_CHANGES,
                    Map.of("Name", account, "Rating", (n % 2 == 0) ? "Hot" : "Warm"));
            this.emulator.publish("/topic/" + DemoOrg.INVOICES, (n % 3 == 0) ? "created" : "updated",
                    Map.of("Id", String.format("a0B5e00000%08dAA", n), "Name", String.format("INV-%05d", n),
                            "Status__c", (n % 3 == 0) ? "Draft" : "Sent", "Amount__c", 250.0 * (1 + n % 4)));
        }
        catch (RuntimeException ex) {
            logger.warn("Could not publish demo events: {}", ex.getMessage());
        }
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = this.scheduler;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        ScheduledExecutorService executor = this.scheduler;
        return executor != null && !executor.isShutdown();
    }

}
