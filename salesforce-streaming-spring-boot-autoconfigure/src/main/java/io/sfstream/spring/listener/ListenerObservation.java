package io.sfstream.spring.listener;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.sfstream.core.client.StreamingEvent;

/**
 * The Micrometer Observation of one listener call (retries included), when
 * {@code salesforce.streaming.listener.observation-enabled} is set: named {@value #NAME},
 * so that the timer Micrometer derives from it is the listener duration metric (the
 * starter then records no timer of its own for it); contextual name
 * {@code <channel> process}; low-cardinality keys {@code channel}, {@code listener} and
 * {@code outcome} ({@code success}, or {@code failure} when the error handler took the
 * event); high-cardinality key {@code replay.id}. With a tracer on the class path the
 * observation is a span, so log lines written during the call carry its trace and span
 * ids.
 */
public final class ListenerObservation {

    /** The observation's name. */
    public static final String NAME = "salesforce.streaming.listener.duration";

    private ListenerObservation() {
    }

    static Observation start(ObservationRegistry registry, StreamingEvent event, String listenerId) {
        return Observation.createNotStarted(NAME, registry)
            .contextualName(event.channel() + " process")
            .lowCardinalityKeyValue("channel", event.channel())
            .lowCardinalityKeyValue("listener", listenerId)
            .highCardinalityKeyValue("replay.id", String.valueOf(event.replayId()))
            .start();
    }

    static void succeeded(Observation observation) {
        observation.lowCardinalityKeyValue("outcome", "success");
    }

    static void failed(Observation observation, Throwable error) {
        observation.lowCardinalityKeyValue("outcome", "failure");
        observation.error(error);
    }

}
