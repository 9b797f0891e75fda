package io.sfstream.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method of a Spring bean as the listener of one or more Salesforce Streaming API
 * channels. Every event of those channels is passed to the method, in replay order per
 * channel, on the starter's delivery thread.
 *
 * <pre>{@code
 * &#64;SalesforceListener("/event/Order_Placed__e")
 * void onOrder(OrderPlaced order, @ReplayId long replayId) { ... }
 * }</pre>
 *
 * <p>
 * Supported parameters, in any order:
 * <ul>
 * <li>{@link io.sfstream.core.client.StreamingEvent}: the whole event;</li>
 * <li>{@code Map<String, Object>}: the business payload ({@code sobject} for PushTopics,
 * {@code payload} otherwise);</li>
 * <li>{@code tools.jackson.databind.JsonNode}: the payload as a Jackson tree;</li>
 * <li>{@code String}: the payload as JSON text (for generic {@code /u/} channels, the
 * payload string itself);</li>
 * <li>any other type: the payload converted with the application's Jackson
 * {@code JsonMapper} (a record or POJO whose properties match the event's fields);</li>
 * <li>parameters annotated with {@link ReplayId} ({@code long}, {@code Long}, or
 * {@code io.sfstream.core.replay.ReplayId}, the only one that holds a Pub/Sub API replay
 * id), {@link EventTime} ({@code Instant}) or {@link Channel} ({@code String});</li>
 * <li>over the Pub/Sub API only ({@link Transport#PUBSUB}): Avro's
 * {@code org.apache.avro.generic.GenericRecord} (the event as decoded with its writer
 * schema) and {@code io.sfstream.pubsub.PubSubEvent} (the whole event).</li>
 * </ul>
 * At most one parameter may receive the payload. An unsupported signature fails
 * application startup with a message naming the method.
 *
 * <p>
 * Channel names support {@code ${...}} placeholders. Several methods may listen on one
 * channel: each gets every event. Delivery is at-least-once: an event's replay position
 * is committed after every method listening on its channel returned (or its failure was
 * handled), so an event can be delivered again after a crash.
 *
 * <p>
 * The events travel over the CometD Streaming API unless {@link #transport()} or
 * {@code salesforce.streaming.transport} chooses the Pub/Sub API; a listener's payload
 * parameters see the same fields on both, so moving a listener is a one-attribute change:
 *
 * <pre class="code">
 * &#64;SalesforceListener(value = "/data/AccountChangeEvent", transport = Transport.PUBSUB)
 * void onAccountChange(Map&lt;String, Object&gt; change) { ... }
 * </pre>
 *
 * <p>
 * A method that throws is retried as configured by
 * {@code salesforce.streaming.listener.retry.*}; then the
 * {@link SalesforceListenerErrorHandler} bean handles the failure (by default it is
 * logged with the channel and replay id, and the stream goes on).
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SalesforceListener {

    /**
     * Alias for {@link #channels()}.
     * @return the channels
     */
    @AliasFor("channels")
    String[] value() default {};

    /**
     * The channels to listen on, such as {@code /event/Order_Placed__e},
     * {@code /data/AccountChangeEvent}, {@code /topic/AccountUpdates} or
     * {@code /u/Notifications}. {@code ${...}} placeholders are resolved.
     * @return the channels
     */
    @AliasFor("value")
    String[] channels() default {};

    /**
     * The id of the listener's container, to find it in the
     * {@link io.sfstream.spring.listener.SalesforceListenerEndpointRegistry}; generated
     * when empty.
     * @return the id
     */
    String id() default "";

    /**
     * Where these channels start when they have no stored position: {@code new},
     * {@code all} or a replay id; empty for {@code salesforce.streaming.replay.default}.
     * {@code ${...}} placeholders are resolved.
     * @return the replay start
     */
    String replay() default "";

    /**
     * Whether the listener starts with the application context: {@code true},
     * {@code false}, or empty for {@code salesforce.streaming.listener.auto-startup}.
     * {@code ${...}} placeholders are resolved.
     * @return the auto-startup flag
     */
    String autoStartup() default "";

    /**
     * How many calls of this method may run at once, on different channels of it (the
     * events of one channel always come one at a time, in order); empty for no limit of
     * its own within {@code salesforce.streaming.listener.concurrency}. {@code ${...}}
     * placeholders are resolved.
     * @return the number of calls at once, 1 or more, or empty
     */
    String concurrency() default "";

    /**
     * The API these channels are received over: {@link Transport#DEFAULT} (the default)
     * for {@code salesforce.streaming.transport}, {@link Transport#COMETD} or
     * {@link Transport#PUBSUB}. PushTopic ({@code /topic/...}) and generic
     * ({@code /u/...}) channels exist on the CometD Streaming API only: choosing the
     * Pub/Sub API for them fails application startup with a message naming the method.
     * @return the transport
     */
    Transport transport() default Transport.DEFAULT;

}
