package io.sfstream.pubsub.internal;

import io.sfstream.core.replay.ReplayId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure rules of {@link TopicSubscription}. */
class TopicSubscriptionTests {

    private static final ReplayId STORED = ReplayId.ofBytes(new byte[] { 0, 0, 0, 0, 0, 0, 0, 42 });

    @Test
    void aCorruptedReplayIdIsKnownByItsErrorCode() {
        assertThat(TopicSubscription
            .replayIdCorrupted("sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted", "anything", STORED))
            .isTrue();
        assertThat(TopicSubscription.replayIdCorrupted("sfdc.platform.eventbus.grpc.service.auth.error",
                "Replay ID validation failed.", STORED))
            .isFalse();
    }

    @Test
    void withoutAnErrorCodeTheMessageTellsOnlyWhenTheStreamStartedFromAnId() {
        assertThat(TopicSubscription.replayIdCorrupted(null, "Replay ID validation failed.", STORED)).isTrue();
        assertThat(TopicSubscription.replayIdCorrupted(null, "replay id validation failed", STORED)).isTrue();
        assertThat(TopicSubscription.replayIdCorrupted(null, "Replay ID validation failed.", null)).isFalse();
        assertThat(TopicSubscription.replayIdCorrupted(null, "Invalid topic name", STORED)).isFalse();
        assertThat(TopicSubscription.replayIdCorrupted(null, null, STORED)).isFalse();
    }

}
