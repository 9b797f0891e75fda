package io.sfstream.emulator;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone until killed:
 * {@code java -jar salesforce-streaming-emulator-<version>-standalone.jar --port 8443 --push-topic AccountUpdates
 * --platform-event Order_Placed__e --cdc AccountChangeEvent --generic Notifications}.
 * Each channel option may repeat;
 * {@code --platform-event Order__e:OrderNumber__c,Amount__c} declares the event's fields
 * (others are then refused). Prints the URLs, the demo credentials and the control
 * endpoint ({@code /emulator/faults}), which sets faults and publishes over HTTP.
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    /**
     * Starts the emulator and blocks until the JVM is stopped.
     * @param args {@code --port N}, {@code --pubsub-port N} (default 7443),
     * {@code --bind ADDRESS}, {@code --push-topic X},
     * {@code --platform-event Y[:Field__c,...]}, {@code --cdc Z}, {@code --generic W},
     * {@code --replay-id-start N}
     * @throws InterruptedException when interrupted while running
     */
    public static void main(String[] args) throws InterruptedException {
        SalesforceEmulator.Builder builder = SalesforceEmulator.builder().port(8443).pubSubPort(7443);
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                usage(System.out);
                return;
            }
            if (i + 1 >= args.length) {
                usage(System.err);
                throw new IllegalArgumentException("Missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--pubsub-port" -> builder.pubSubPort(Integer.parseInt(value));
                case "--bind" -> builder.bindAddress(value);
                case "--push-topic" -> builder.pushTopic(value);
                case "--platform-event" -> platformEvent(builder, value);
                case "--replay-id-start" -> builder.replayIdStart(Long.parseLong(value));
                case "--cdc" -> builder.changeDataCapture(value);
                case "--generic" -> builder.genericChannel(value);
                default -> {
                    usage(System.err);
                    throw new IllegalArgumentException("Unknown option " + option);
                }
            }
        }
        SalesforceEmulator emulator = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "sf-emulator-shutdown"));
        PrintStream out = System.out;
        out.println("Salesforce Streaming emulator running");
        out.println("  login URL      " + emulator.loginUrl());
        out.println("  My Domain URL  " + emulator.myDomainUrl() + "  (instance_url; required for client_credentials)");
        out.println("  Bayeux         " + emulator.cometdUrl(EmulatorDefaults.API_VERSION));
        out.println("  Pub/Sub API    " + emulator.pubSubTarget() + "  (gRPC, plaintext)");
        out.println("  username       " + EmulatorDefaults.USERNAME);
        out.println("  password       " + EmulatorDefaults.PASSWORD + "  (security token "
                + EmulatorDefaults.SECURITY_TOKEN + ")");
        out.println("  consumer key   " + EmulatorDefaults.CONSUMER_KEY);
        out.println("  consumer secret " + EmulatorDefaults.CONSUMER_SECRET);
        out.println("  control        " + emulator.myDomainUrl() + "/emulator/faults  (GET lists the faults; POST "
                + "/emulator/faults/{name}?param=value sets one; POST /emulator/publish?channel=... publishes)");
        out.println("Publish platform events with POST " + emulator.myDomainUrl() + "/services/data/v"
                + EmulatorDefaults.API_VERSION + "/sobjects/{Name__e}. Stop with Ctrl+C.");
        stopped.await();
    }

    /** {@code Order__e} or {@code Order__e:OrderNumber__c,Amount__c}. */
    private static void platformEvent(SalesforceEmulator.Builder builder, String value) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            builder.platformEvent(value);
        }
        else {
            String[] fields = value.substring(colon + 1).split(",");
            builder.platformEvent(value.substring(0, colon),
                    java.util.Arrays.stream(fields).map(String::trim).filter(f -> !f.isEmpty()).toArray(String[]::new));
        }
    }

    private static void usage(PrintStream out) {
        out.println(
                "Usage: java -jar salesforce-streaming-emulator-standalone.jar [--port 8443] [--pubsub-port 7443] [--bind 127.0.0.1]"
                        + " [--push-topic X] [--platform-event Y__e[:Field__c,...]] [--cdc ZChangeEvent] [--generic W]"
                        + " [--replay-id-start N]");
    }

}
