package io.sfstream.core.client.internal;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sfstream.core.ServerException;
import io.sfstream.core.http.internal.ConnectionFailures;
import org.jspecify.annotations.Nullable;

/**
 * Maps a failed Bayeux reply to a {@link FailureAction}, reading both {@code error} and
 * {@code ext.sfdc.failureReason} as PROTOCOL section 4 requires. Stateless.
 */
public final class ErrorClassifier {

    private static final Pattern INVALID_REPLAY_ID = Pattern
        .compile("replayId \\{?(-?\\d+)\\}? you provided was invalid", Pattern.CASE_INSENSITIVE);

    private ErrorClassifier() {
    }

    /**
     * Classifies a failed reply.
     * @param reply the reply ({@code successful: false}), as received or as synthesized
     * by CometD for a transport failure
     * @return the action
     */
    public static FailureAction classify(Map<String, Object> reply) {
        String channel = text(reply.get("channel"));
        String error = lower(text(reply.get("error")));
        String reason = lower(failureReason(reply));
        String both = error + " | " + reason;
        if (error.isEmpty() && reason.isEmpty()) {
            int httpCode = httpCode(reply);
            if (httpCode == 401) {
                return FailureAction.REAUTHENTICATE;
            }
            return FailureAction.TRANSPORT;
        }
        if (both.contains("request requires authentication")) {
            return FailureAction.REAUTHENTICATE_ONCE;
        }
        if (both.contains("401::") || both.contains("authentication invalid")) {
            return FailureAction.REAUTHENTICATE;
        }
        if (both.contains("unknown client")) {
            return FailureAction.REHANDSHAKE;
        }
        if (both.contains("limit exceeded")) {
            return FailureAction.LIMIT_BACK_OFF;
        }
        if (both.contains("503::") || both.contains("too busy")) {
            return "/meta/subscribe".equals(channel) ? FailureAction.RETRY_SUBSCRIBE : FailureAction.TRANSPORT;
        }
        if (invalidReplayId(reply) != null) {
            return FailureAction.REPLAY_ID_INVALID;
        }
        if ("/meta/subscribe".equals(channel)) {
            return FailureAction.CHANNEL_FAILED;
        }
        if ("/meta/connect".equals(channel)) {
            // Any other connect failure leaves the session in doubt: start a new one.
            return FailureAction.REHANDSHAKE;
        }
        return FailureAction.TRANSPORT;
    }

    /**
     * Returns the replay id rejected by a {@code 400::The replayId {N} you provided was
     * invalid} reply.
     * @param reply a failed reply
     * @return the rejected replay id, or {@code null} when the reply is not that error
     */
    public static @Nullable Long invalidReplayId(Map<String, Object> reply) {
        for (String text : new String[] { text(reply.get("error")), failureReason(reply) }) {
            Matcher matcher = INVALID_REPLAY_ID.matcher(text);
            if (matcher.find()) {
                return Long.parseLong(matcher.group(1));
            }
        }
        return null;
    }

    /**
     * Builds the exception that reports a failed reply.
     * @param reply the reply
     * @param what what was attempted, such as {@code Subscribing to /topic/X}
     * @return the exception
     */
    public static ServerException toException(Map<String, Object> reply, String what) {
        String error = nullIfEmpty(text(reply.get("error")));
        String reason = nullIfEmpty(failureReason(reply));
        String channel = text(reply.get("channel"));
        String subscription = nullIfEmpty(text(reply.get("subscription")));
        StringBuilder message = new StringBuilder(what).append(" failed: ");
        message.append((error != null) ? error : describeTransportFailure(reply));
        if (reason != null && !reason.equals(error)) {
            message.append(" (failureReason ").append(reason).append(')');
        }
        return new ServerException(message.toString(), channel.isEmpty() ? "/meta/unknown" : channel, subscription,
                error, reason);
    }

    /**
     * Returns {@code ext.sfdc.failureReason}, or an empty string.
     * @param reply a reply
     * @return the failure reason or {@code ""}
     */
    public static String failureReason(Map<String, Object> reply) {
        if (reply.get("ext") instanceof Map<?, ?> ext && ext.get("sfdc") instanceof Map<?, ?> sfdc) {
            return text(sfdc.get("failureReason"));
        }
        return "";
    }

    /**
     * Describes a failure reply without an {@code error}: the transport exception or HTTP
     * status CometD recorded.
     * @param reply a reply
     * @return a short description, never containing request headers
     */
    public static String describeTransportFailure(Map<String, Object> reply) {
        if (reply.get("failure") instanceof Map<?, ?> failure) {
            Object httpCode = failure.get("httpCode");
            if (httpCode != null) {
                String advice = (httpCode instanceof Number code) ? ConnectionFailures.adviceForStatus(code.intValue())
                        : null;
                return "HTTP " + httpCode + ((advice != null) ? " (" + advice + ")" : "");
            }
            if (failure.get("exception") instanceof Throwable cause) {
                String advice = ConnectionFailures.advice(cause, null);
                return ConnectionFailures.describe(cause) + ((advice != null) ? " (" + advice + ")" : "");
            }
        }
        return "no reply from the server";
    }

    private static int httpCode(Map<String, Object> reply) {
        if (reply.get("failure") instanceof Map<?, ?> failure && failure.get("httpCode") instanceof Number code) {
            return code.intValue();
        }
        return 0;
    }

    private static String text(@Nullable Object value) {
        return (value != null) ? value.toString() : "";
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static @Nullable String nullIfEmpty(String text) {
        return text.isEmpty() ? null : text;
    }

}
