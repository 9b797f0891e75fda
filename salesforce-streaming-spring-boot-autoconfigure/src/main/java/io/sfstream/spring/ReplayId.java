package io.sfstream.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter of a {@link SalesforceListener} method to the event's replay id:
 * {@code long} or {@code Long} (CometD replay ids are numbers; {@code null} for an event
 * without a usable replay id, and a {@code long} parameter then gets {@code -1}), or
 * {@link io.sfstream.core.replay.ReplayId} for either transport's ids ({@code null} when
 * the event has none).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ReplayId {

}
