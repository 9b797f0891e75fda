package io.sfstream.benchmarks.consumer;

/**
 * The clients compared.
 */
public enum ConsumerKind {

    /**
     * A bare CometD 9 {@code BayeuxClient}, counting events in a channel listener: the
     * reference of the ratios.
     */
    BARE_COMETD("bare CometD 9"),

    /**
     * CometD 4.0.x and Jetty 9.4 set up as Salesforce's EMP-Connector does, in a JVM with
     * a class path of its own ({@code target/emp-peer}): the client people compare us
     * with.
     */
    EMP_STYLE("EMP-style CometD 4"),

    /** The core {@code StreamingClient}, the application calling {@code receive()}. */
    CORE_RECEIVE("core receive()"),

    /** The core {@code StreamingClient} with an {@code EventListener}. */
    CORE_LISTENER("core listener"),

    /**
     * A Spring Boot application with one {@code @SalesforceListener} method taking a
     * record.
     */
    SPRING_LISTENER("@SalesforceListener POJO"),

    /**
     * The Pub/Sub API (gRPC) {@code PubSubClient} on the emulator's Pub/Sub port, the
     * application calling {@code receive()}: the same events on the other transport.
     */
    PUBSUB_RECEIVE("Pub/Sub receive()");

    private final String label;

    ConsumerKind(String label) {
        this.label = label;
    }

    /**
     * Returns the name shown in the results table.
     * @return the label
     */
    public String label() {
        return this.label;
    }

    /**
     * Whether this is one of our CometD clients (the core and the starter), whose targets
     * are ratios to the other two. The Pub/Sub client is compared, without targets.
     * @return false for the bare CometD 9, the EMP-style and the Pub/Sub clients
     */
    public boolean ours() {
        return this != BARE_COMETD && this != EMP_STYLE && this != PUBSUB_RECEIVE;
    }

    /**
     * Whether the consumer runs on the EMP-style peer's class path (CometD 4, Jetty 9.4)
     * instead of the module's.
     * @return true for {@link #EMP_STYLE}
     */
    public boolean empClassPath() {
        return this == EMP_STYLE;
    }

}
