package io.sfstream.core.client.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.sfstream.core.ServerException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassifierTests {

    private static Map<String, Object> reply(String channel, String error, String failureReason) {
        Map<String, Object> reply = new HashMap<>();
        reply.put("channel", channel);
        reply.put("successful", false);
        if (error != null) {
            reply.put("error", error);
        }
        if (failureReason != null) {
            reply.put("ext", Map.of("sfdc", Map.of("failureReason", failureReason)));
        }
        return reply;
    }

    @Test
    void authenticationInvalidOnConnectMeansNewToken() {
        assertThat(ErrorClassifier.classify(reply("/meta/connect", "401::Authentication invalid", null)))
            .isEqualTo(FailureAction.REAUTHENTICATE);
    }

    @Test
    void handshakeDeniedWith401FailureReasonMeansNewToken() {
        assertThat(ErrorClassifier
            .classify(reply("/meta/handshake", "403::Handshake denied", "401::Authentication invalid")))
            .isEqualTo(FailureAction.REAUTHENTICATE);
    }

    @Test
    void unknownClientMeansRehandshakeWithoutNewToken() {
        assertThat(ErrorClassifier.classify(reply("/meta/connect", "403::Unknown client", null)))
            .isEqualTo(FailureAction.REHANDSHAKE);
    }

    @Test
    void requestRequiresAuthenticationIsReauthenticatedOnce() {
        assertThat(ErrorClassifier.classify(reply("/meta/handshake", "401::Request requires authentication", null)))
            .isEqualTo(FailureAction.REAUTHENTICATE_ONCE);
    }

    @Test
    void limitsBackOff() {
        assertThat(ErrorClassifier.classify(
                reply("/meta/handshake", "403::Handshake denied", "403::Organization concurrent user limit exceeded")))
            .isEqualTo(FailureAction.LIMIT_BACK_OFF);
        assertThat(ErrorClassifier
            .classify(reply("/meta/subscribe", "403::Organization total events daily limit exceeded", null)))
            .isEqualTo(FailureAction.LIMIT_BACK_OFF);
    }

    @Test
    void tooBusySubscribeIsRetried() {
        assertThat(ErrorClassifier.classify(reply("/meta/subscribe", "403:denied_by_security_policy:subscribe_denied",
                "503::Server is too busy. Please try your request again later.")))
            .isEqualTo(FailureAction.RETRY_SUBSCRIBE);
    }

    @Test
    void invalidReplayIdIsRecognizedWithItsId() {
        Map<String, Object> reply = reply("/meta/subscribe", "400::The replayId {12345} you provided was invalid. "
                + "Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.", null);
        assertThat(ErrorClassifier.classify(reply)).isEqualTo(FailureAction.REPLAY_ID_INVALID);
        assertThat(ErrorClassifier.invalidReplayId(reply)).isEqualTo(12345L);
    }

    @Test
    void permanentChannelErrors() {
        assertThat(ErrorClassifier.classify(reply("/meta/subscribe",
                "400::The channel you requested to subscribe to does not exist {/topic/X}", null)))
            .isEqualTo(FailureAction.CHANNEL_FAILED);
        assertThat(
                ErrorClassifier.classify(reply("/meta/subscribe", "403:denied_by_security_policy:create_denied", null)))
            .isEqualTo(FailureAction.CHANNEL_FAILED);
    }

    @Test
    void transportFailuresHaveNoError() {
        Map<String, Object> failed = reply("/meta/connect", null, null);
        failed.put("failure", Map.of("exception", new IOException("reset")));
        assertThat(ErrorClassifier.classify(failed)).isEqualTo(FailureAction.TRANSPORT);
        assertThat(ErrorClassifier.describeTransportFailure(failed)).contains("IOException").contains("reset");
        Map<String, Object> http500 = reply("/meta/handshake", null, null);
        http500.put("failure", Map.of("httpCode", 500));
        assertThat(ErrorClassifier.classify(http500)).isEqualTo(FailureAction.TRANSPORT);
        Map<String, Object> http401 = reply("/meta/connect", null, null);
        http401.put("failure", Map.of("httpCode", 401));
        assertThat(ErrorClassifier.classify(http401)).isEqualTo(FailureAction.REAUTHENTICATE);
    }

    @Test
    void exceptionCarriesErrorAndFailureReason() {
        ServerException ex = ErrorClassifier
            .toException(reply("/meta/handshake", "403::Handshake denied", "401::Authentication invalid"), "Handshake");
        assertThat(ex.error()).isEqualTo("403::Handshake denied");
        assertThat(ex.failureReason()).isEqualTo("401::Authentication invalid");
        assertThat(ex.errorCode()).isEqualTo(401);
        assertThat(ex.bayeuxChannel()).isEqualTo("/meta/handshake");
        assertThat(ex.getMessage()).contains("Handshake failed").contains("403::Handshake denied");
    }

}
