package io.sfstream.spring;

/**
 * The Salesforce API a {@link SalesforceListener} method receives its events over.
 */
public enum Transport {

    /**
     * The application's transport: {@code salesforce.streaming.transport} ({@code cometd}
     * unless set).
     */
    DEFAULT,

    /**
     * The CometD Streaming API (Bayeux long polling): every channel kind, PushTopic
     * ({@code /topic/...}) and generic ({@code /u/...}) channels included.
     */
    COMETD,

    /**
     * The Pub/Sub API (gRPC): platform events ({@code /event/...}) and Change Data
     * Capture ({@code /data/...}) only. Needs
     * {@code io.sfstream:salesforce-streaming-pubsub} on the class path.
     */
    PUBSUB

}
