package io.sfstream.spring.faults;

/**
 * Where the fault application reports what it did with each numbered event:
 * {@link #processed} when the listener method returned, {@link #handled} when the error
 * handler took it after the last retry. Both count as processed: the event's position is
 * committed and the stream moves on.
 */
interface ProcessedSink {

    void processed(String channel, int seq);

    void handled(String channel, int seq);

}
