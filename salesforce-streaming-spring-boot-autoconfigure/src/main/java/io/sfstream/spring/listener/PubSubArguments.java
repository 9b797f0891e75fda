package io.sfstream.spring.listener;

import java.util.function.Function;

import io.sfstream.core.client.StreamingEvent;
import io.sfstream.pubsub.PubSubEvent;
import org.apache.avro.generic.GenericRecord;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the listener parameters only a Pub/Sub API event has: the {@link PubSubEvent}
 * itself and its Avro {@link GenericRecord}. Loaded only for a method that declares one,
 * so applications without the Pub/Sub module never load it.
 */
final class PubSubArguments {

    private PubSubArguments() {
    }

    /**
     * Returns the resolver of a parameter of one of the types this class resolves.
     * @param type {@code PubSubEvent} or {@code GenericRecord}
     * @return the resolver; it throws for an event of the CometD transport
     */
    static Function<StreamingEvent, @Nullable Object> resolver(Class<?> type) {
        if (type == PubSubEvent.class) {
            return PubSubArguments::pubSubEvent;
        }
        return (event) -> pubSubEvent(event).record();
    }

    private static PubSubEvent pubSubEvent(StreamingEvent event) {
        if (event instanceof PubSubEvent pubSubEvent) {
            return pubSubEvent;
        }
        throw new IllegalStateException("The event of " + event.channel() + " was not received over the Pub/Sub API");
    }

}
