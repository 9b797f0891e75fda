package io.sfstream.core;

import org.jspecify.annotations.Nullable;

/**
 * Salesforce answered a Bayeux request with {@code successful: false}. {@link #error()}
 * is the Bayeux {@code error} string (for example {@code 403::Unknown client}) and
 * {@link #failureReason()} is {@code ext.sfdc.failureReason} when present; both must be
 * checked, as PROTOCOL section 4 says.
 */
public class ServerException extends StreamingException {

    private static final long serialVersionUID = 1L;

    private final String bayeuxChannel;

    private final @Nullable String subscription;

    private final @Nullable String error;

    private final @Nullable String failureReason;

    /**
     * Creates the exception.
     * @param message what happened and what to do about it
     * @param bayeuxChannel the meta channel of the failed request, such as
     * {@code /meta/subscribe}
     * @param subscription the channel the request was about, for subscribe and
     * unsubscribe; else {@code null}
     * @param error the Bayeux {@code error} string, or {@code null} if the reply had none
     * @param failureReason {@code ext.sfdc.failureReason}, or {@code null} if the reply
     * had none
     */
    public ServerException(String message, String bayeuxChannel, @Nullable String subscription, @Nullable String error,
            @Nullable String failureReason) {
        super(message);
        this.bayeuxChannel = bayeuxChannel;
        this.subscription = subscription;
        this.error = error;
        this.failureReason = failureReason;
    }

    /**
     * Returns the meta channel of the failed request, such as {@code /meta/subscribe}.
     * @return the Bayeux channel of the request
     */
    public String bayeuxChannel() {
        return this.bayeuxChannel;
    }

    /**
     * Returns the channel the failed subscribe or unsubscribe was about, or {@code null}.
     * @return the subscription channel, or {@code null}
     */
    public @Nullable String subscription() {
        return this.subscription;
    }

    /**
     * Returns the Bayeux {@code error} string, such as {@code 400::The channel you
     * requested to subscribe to does not exist {/topic/X}}, or {@code null}.
     * @return the error string, or {@code null}
     */
    public @Nullable String error() {
        return this.error;
    }

    /**
     * Returns {@code ext.sfdc.failureReason}, such as
     * {@code 401::Authentication invalid}, or {@code null}.
     * @return the failure reason, or {@code null}
     */
    public @Nullable String failureReason() {
        return this.failureReason;
    }

    /**
     * Returns the three-digit code that starts {@link #failureReason()} if present, else
     * {@link #error()}; 0 when neither starts with one.
     * @return the error code, such as 400, 401, 403 or 503, or 0
     */
    public int errorCode() {
        int code = leadingCode(this.failureReason);
        return (code != 0) ? code : leadingCode(this.error);
    }

    private static int leadingCode(@Nullable String text) {
        if (text == null || text.length() < 3) {
            return 0;
        }
        for (int i = 0; i < 3; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return 0;
            }
        }
        return Integer.parseInt(text.substring(0, 3));
    }

}
