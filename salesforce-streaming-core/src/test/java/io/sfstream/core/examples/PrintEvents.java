package io.sfstream.core.examples;

import java.nio.file.Path;

import io.sfstream.core.auth.LoginUrl;
import io.sfstream.core.client.StreamingClient;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.core.replay.FileReplayStore;
import io.sfstream.core.replay.ReplayFrom;

/**
 * The plain Java program of the core module's README: authenticates with the
 * username-password flow, subscribes to one channel and prints every event, resuming
 * after the last printed event when restarted. With no stored position it starts from
 * {@code -Dreplay.default} ({@code new} by default, or {@code all}).
 *
 * <pre>
 * SF_CONSUMER_KEY=... SF_CONSUMER_SECRET=... SF_USERNAME=... SF_PASSWORD=... SF_SECURITY_TOKEN=... \
 *   java -cp ... io.sfstream.core.examples.PrintEvents https://login.salesforce.com /event/Order_Placed__e
 * </pre>
 */
public final class PrintEvents {

    private PrintEvents() {
    }

    /**
     * Prints events until killed, or until {@code maxEvents} (third argument) were
     * printed.
     * @param args login URL, channel, and optionally the number of events after which to
     * stop
     */
    public static void main(String[] args) {
        LoginUrl loginUrl = LoginUrl.of(args[0]);
        String channel = args[1];
        long maxEvents = (args.length > 2) ? Long.parseLong(args[2]) : Long.MAX_VALUE;
        try (StreamingClient client = StreamingClient
            .withPassword(loginUrl, System.getenv("SF_CONSUMER_KEY"), System.getenv("SF_CONSUMER_SECRET"),
                    System.getenv("SF_USERNAME"), System.getenv("SF_PASSWORD"), System.getenv("SF_SECURITY_TOKEN"))
            .replayStore(new FileReplayStore(Path.of(System.getProperty("replay.file", "replay-positions.json"))))
            .defaultReplay(ReplayFrom.parse(System.getProperty("replay.default", "new")))
            .build()) {
            client.open();
            client.subscribe(channel);
            long printed = 0;
            for (StreamingEvent event : client) {
                System.out.println(event.channel() + " #" + event.replayId() + " " + event.payloadJson());
                if (++printed >= maxEvents) {
                    client.commit(event); // printed: do not print it again after a
                                          // restart
                    break;
                }
            }
        }
    }

}
