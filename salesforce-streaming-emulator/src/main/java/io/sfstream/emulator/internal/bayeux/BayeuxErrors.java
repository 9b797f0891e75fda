package io.sfstream.emulator.internal.bayeux;

import java.util.Map;

import org.cometd.bayeux.server.ServerMessage;
import org.cometd.server.ServerMessageImpl;
import org.jspecify.annotations.Nullable;

/**
 * The Salesforce Streaming API's error replies, and how to write them into a CometD
 * reply.
 */
public final class BayeuxErrors {

    /** {@code error} of a request whose access token is missing, invalid or revoked. */
    public static final String AUTHENTICATION_INVALID = "401::Authentication invalid";

    /**
     * {@code error} of a request without an {@code Authorization} header (the
     * {@code failureReason} of such a handshake).
     */
    public static final String REQUEST_REQUIRES_AUTHENTICATION = "401::Request requires authentication";

    /** {@code error} of a refused handshake. */
    public static final String HANDSHAKE_DENIED = "403::Handshake denied";

    /** {@code error} of a request from a session the server no longer knows. */
    public static final String UNKNOWN_CLIENT = "403::Unknown client";

    /** {@code failureReason} of a handshake beyond the concurrent client limit. */
    public static final String CONCURRENT_LIMIT = "403::Organization concurrent user limit exceeded";

    /**
     * {@code error} of a handshake, connect or subscribe once the daily delivery
     * allocation is used up.
     */
    public static final String DAILY_LIMIT = "403::Organization total events daily limit exceeded";

    /** {@code error} of a subscribe refused while the server is too busy. */
    public static final String SUBSCRIBE_DENIED = "403:denied_by_security_policy:subscribe_denied";

    /** {@code failureReason} of a subscribe refused while the server is too busy. */
    public static final String SERVER_TOO_BUSY = "503::Server is too busy. Please try your request again later.";

    /** {@code error} of a client publishing to a channel: only the REST API publishes. */
    public static final String PUBLISH_DENIED = "403:denied_by_security_policy:publish_denied";

    /**
     * {@code error} of a handshake or connect with a connection type other than
     * long-polling.
     */
    public static final String INVALID_CONNECTION_TYPE = "400::Invalid connection type";

    private BayeuxErrors() {
    }

    /**
     * The error of a request without the {@code BAYEUX_BROWSER} cookie.
     * @param clientId the session's client id
     * @return the error text
     */
    public static String noBrowserCookie(String clientId) {
        return "400::Client " + clientId + " has established a session, but no BAYEUX_BROWSER cookie present";
    }

    /**
     * The error of a subscribe to an undeclared channel.
     * @param channel the channel as subscribed
     * @return the error text
     */
    public static String channelDoesNotExist(String channel) {
        return "400::The channel you requested to subscribe to does not exist {" + channel + "}";
    }

    /**
     * The error of a subscribe whose replay map lacks its channel.
     * @param channel the channel without filter query
     * @param replayMap the replay map sent
     * @return the error text
     */
    public static String replayIdNotFound(String channel, Map<?, ?> replayMap) {
        return "400::The replayId for channel {" + channel + "} wasn't found using the provided replay ID map {"
                + replayMap + "}. Ensure that the channel name you provided in the replay map is valid and matches "
                + "the channel name used for subscribing.";
    }

    /**
     * The error of a subscribe whose replay id is outside the retention window.
     * @param replayId the replay id sent
     * @return the error text
     */
    public static String invalidReplayId(Object replayId) {
        return "400::The replayId {" + replayId + "} you provided was invalid. Please provide a valid ID, "
                + "-2 to replay all events, or -1 to replay only new events.";
    }

    /**
     * The error of a request to an API version the Streaming API does not serve here.
     * @param version the version in the URL
     * @return the error text
     */
    public static String unsupportedVersion(String version) {
        return "400::API version " + version + " is not supported by the Streaming API; use 37.0 or later";
    }

    /**
     * Turns a reply into a failure so that CometD sends it as is.
     * @param reply the reply to fail
     * @param error the {@code error} text
     * @param failureReason the {@code ext.sfdc.failureReason}, or {@code null}
     * @param reconnect the {@code advice.reconnect}, or {@code null} for no advice
     * @return {@code false}, for extensions to return
     */
    public static boolean fail(ServerMessage.Mutable reply, String error, @Nullable String failureReason,
            @Nullable String reconnect) {
        reply.setSuccessful(false);
        reply.put("error", error);
        if (failureReason != null) {
            reply.getExt(true).put("sfdc", Map.of("failureReason", failureReason));
        }
        if (reconnect != null) {
            Map<String, Object> advice = reply.getAdvice(true);
            advice.clear();
            advice.put("reconnect", reconnect);
            if (!"none".equals(reconnect)) {
                advice.put("interval", 0L);
            }
        }
        if (reply instanceof ServerMessageImpl impl) {
            impl.setHandled(true);
        }
        return false;
    }

}
