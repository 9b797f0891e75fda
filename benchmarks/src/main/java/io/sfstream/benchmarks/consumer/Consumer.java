package io.sfstream.benchmarks.consumer;

/**
 * One client under test, feeding the {@link Recorder}. Public for the EMP-style peer,
 * compiled apart (its class has a public constructor taking the {@link ConsumerSettings}
 * and the {@link Recorder}).
 */
public interface Consumer extends AutoCloseable {

    /**
     * Connects and subscribes; returns once the subscription is confirmed.
     * @throws Exception when it could not
     */
    void start() throws Exception;

    @Override
    void close() throws Exception;

}
