package io.sfstream.emulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts one {@link io.sfstream.emulator.SalesforceEmulator} for the annotated test
 * class, injects it into constructor and method parameters of type
 * {@code SalesforceEmulator}, clears its faults before each test, and closes it after the
 * class; or, with {@link #newOrgPerTest()}, one emulator per test method.
 *
 * <pre class="code">
 * &#64;EmbeddedSalesforce(pushTopics = "AccountUpdates", connectTimeoutMillis = 2000)
 * class MyTest {
 *
 *     &#64;Test
 *     void receives(SalesforceEmulator emulator) { ... }
 *
 * }
 * </pre>
 *
 * <p>
 * The org has the demo credentials of {@link io.sfstream.emulator.EmulatorDefaults}.
 *
 * <p>
 * On a Spring test ({@code @SpringBootTest}) with the Spring Boot starter on the class
 * path, the emulator is instead a bean of the test's application context, which the
 * application logs in to; parameters get that bean, and test classes with the same
 * settings share it with the cached context.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SalesforceEmulatorExtension.class)
public @interface EmbeddedSalesforce {

    /**
     * PushTopic channels to declare, as {@code Name} or {@code /topic/Name}.
     * @return the PushTopic names
     */
    String[] pushTopics() default {};

    /**
     * Platform event channels to declare, as {@code Name__e} or {@code /event/Name__e}.
     * @return the platform event names
     */
    String[] platformEvents() default {};

    /**
     * Change Data Capture channels to declare, as {@code AccountChangeEvent} or
     * {@code /data/AccountChangeEvent}.
     * @return the change event channel names
     */
    String[] changeDataCaptures() default {};

    /**
     * Generic streaming channels to declare, as {@code Name} or {@code /u/Name}.
     * @return the generic channel names
     */
    String[] genericChannels() default {};

    /**
     * How long a {@code /meta/connect} is held, in milliseconds (Salesforce: 110,000).
     * @return the connect timeout
     */
    long connectTimeoutMillis() default 110_000;

    /**
     * How long a session survives without a {@code /meta/connect}, in milliseconds
     * (Salesforce: 40,000).
     * @return the reconnect window
     */
    long reconnectWindowMillis() default 40_000;

    /**
     * The port, {@code 0} for a free one.
     * @return the port
     */
    int port() default 0;

    /**
     * The port of the Pub/Sub API server (gRPC, plaintext), {@code 0} for a free one; see
     * {@code SalesforceEmulator.pubSubTarget()}.
     * @return the Pub/Sub port
     */
    int pubSubPort() default 0;

    /**
     * How long a Pub/Sub stream that is owed events stays silent before a keepalive, in
     * milliseconds (Salesforce: within 270,000, often about 60,000).
     * @return the keepalive period
     */
    long pubSubKeepaliveMillis() default 60_000;

    /**
     * How long a Pub/Sub stream may owe nothing before it is closed, in milliseconds
     * (Salesforce: 60,000).
     * @return the idle timeout
     */
    long pubSubIdleTimeoutMillis() default 60_000;

    /**
     * Whether each test method gets an emulator of its own, started before the method's
     * {@code @BeforeEach} methods and closed after it: a new, empty org (no events,
     * sessions, tokens or replay history from an earlier test) at the cost of a start per
     * test (tens of milliseconds). By default one emulator serves the whole class, with
     * its faults cleared before each test. Not for Spring tests, whose emulator is a bean
     * of the cached application context.
     * @return whether to start an emulator per test
     */
    boolean newOrgPerTest() default false;

}
