package io.sfstream.spring.test;

import java.util.List;

import io.sfstream.emulator.PublishedEvent;
import io.sfstream.spring.test.ProcessedEventLog.ListenerCall;

/**
 * An event published in a test and what every listener method of its channel did with it.
 *
 * @param event the event as the emulator stored and delivered it
 * @param calls one call per listener method of the channel, in the order they finished
 */
public record ListenerDelivery(PublishedEvent event, List<ListenerCall> calls) {

    /**
     * Copies the calls.
     */
    public ListenerDelivery {
        calls = List.copyOf(calls);
    }

    /**
     * Returns whether every listener method finished without an error.
     * @return whether all succeeded
     */
    public boolean succeeded() {
        return this.calls.stream().allMatch(ListenerCall::succeeded);
    }

    /**
     * Returns the calls that failed after every retry (and went to the error handler).
     * @return the failed calls
     */
    public List<ListenerCall> failures() {
        return this.calls.stream().filter((call) -> !call.succeeded()).toList();
    }

}
