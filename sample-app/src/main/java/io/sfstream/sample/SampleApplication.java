package io.sfstream.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Receives Salesforce platform events, Change Data Capture events and PushTopic events.
 * Without Salesforce credentials it runs against an embedded emulated org that publishes
 * demo events (see {@link DemoOrg}).
 */
@SpringBootApplication
public class SampleApplication {

    /**
     * Starts the application.
     * @param args command line arguments
     */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(SampleApplication.class);
        application.addInitializers(new DemoOrg());
        application.run(args);
    }

}
