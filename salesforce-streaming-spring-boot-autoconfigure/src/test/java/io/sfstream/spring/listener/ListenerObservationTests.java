package io.sfstream.spring.listener;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.sfstream.core.client.StreamingEvent;
import io.sfstream.spring.support.TestEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.retry.backoff.NoBackOffPolicy;
import org.springframework.retry.policy.MaxAttemptsRetryPolicy;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;

/**
 * Each listener call is one observation, retries included, with the channel, listener and
 * outcome, and the replay id.
 */
class ListenerObservationTests {

    private final TestObservationRegistry observations = TestObservationRegistry.create();

    /** A listener that fails the event numbered 13. */
    public static final class Unlucky {

        public void onEvent(StreamingEvent event) {
            if (event.replayId().longValue() == 13) {
                throw new IllegalStateException("unlucky");
            }
        }

    }

    private SalesforceListenerContainer container() throws Exception {
        Method method = Unlucky.class.getMethod("onEvent", StreamingEvent.class);
        SalesforceListenerEndpoint endpoint = new SalesforceListenerEndpoint("unlucky", List.of("/event/Order__e"),
                null, true, new ListenerMethodInvoker(new Unlucky(), method, JsonMapper.builder().build()));
        return new SalesforceListenerContainer(endpoint,
                new ListenerRetry(new MaxAttemptsRetryPolicy(2), new NoBackOffPolicy()), (failure) -> {
                }, new DispatchObserver() {
                }, (id) -> {
                }, this.observations);
    }

    @Test
    void aSuccessfulCallIsObservedWithItsChannelListenerOutcomeAndReplayId() throws Exception {
        container().deliver(TestEvent.of("/event/Order__e", 12, null, Map.of(), "{}"));
        assertThat(this.observations).hasNumberOfObservationsEqualTo(1)
            .hasSingleObservationThat()
            .hasNameEqualTo(ListenerObservation.NAME)
            .hasContextualNameEqualTo("/event/Order__e process")
            .hasLowCardinalityKeyValue("channel", "/event/Order__e")
            .hasLowCardinalityKeyValue("listener", "unlucky")
            .hasLowCardinalityKeyValue("outcome", "success")
            .hasHighCardinalityKeyValue("replay.id", "12")
            .hasBeenStarted()
            .hasBeenStopped()
            .assertThatError()
            .isNull();
    }

    @Test
    void aCallThatFailsEveryAttemptIsOneObservationWithTheError() throws Exception {
        container().deliver(TestEvent.of("/event/Order__e", 13, null, Map.of(), "{}"));
        assertThat(this.observations).hasNumberOfObservationsEqualTo(1)
            .hasSingleObservationThat()
            .hasLowCardinalityKeyValue("outcome", "failure")
            .hasBeenStopped()
            .assertThatError()
            .hasMessage("unlucky");
    }

}
