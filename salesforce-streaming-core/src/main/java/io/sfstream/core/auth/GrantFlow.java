package io.sfstream.core.auth;

import org.jspecify.annotations.Nullable;

/**
 * The OAuth flows the authenticators use, with what to check when Salesforce refuses one.
 */
enum GrantFlow {

    PASSWORD("username-password",
            "check username, password and security token; the user may need the IP range trusted, "
                    + "and the org may block the username-password flow"),

    REFRESH_TOKEN("refresh-token",
            "check the refresh token: it may be invalid, expired or revoked (obtain a new one through an "
                    + "interactive OAuth flow)"),

    JWT_BEARER("JWT bearer",
            "check that the user is pre-authorized for the connected app (admin approved users), that the "
                    + "connected app's certificate matches the private key, the username, the audience (aud) "
                    + "and this machine's clock"),

    CLIENT_CREDENTIALS("client-credentials",
            "check that the login URL is the org's My Domain URL (https://<MyDomain>.my.salesforce.com) and "
                    + "that the connected app has a Run As user for the client credentials flow");

    private final String label;

    private final String invalidGrantAdvice;

    GrantFlow(String label, String invalidGrantAdvice) {
        this.label = label;
        this.invalidGrantAdvice = invalidGrantAdvice;
    }

    /**
     * Returns the flow's name as a user reads it, such as {@code username-password}.
     */
    String label() {
        return this.label;
    }

    /**
     * Returns what to check after the token endpoint refused this flow.
     * @param status the HTTP status of the answer
     * @param error Salesforce's {@code error}, or {@code null}
     */
    String advice(int status, @Nullable String error) {
        if (status >= 500 || status == 429) {
            return "Salesforce is unavailable or throttling token requests: retry later";
        }
        if (error == null) {
            return "check that the login URL points to Salesforce's token endpoint";
        }
        return switch (error) {
            case "invalid_grant" -> this.invalidGrantAdvice;
            case "invalid_client_id" -> "check the consumer key (client_id); a new connected app can take "
                    + "several minutes to become usable";
            case "invalid_client" -> "check the consumer key and the consumer secret of the connected app";
            case "unsupported_grant_type" ->
                "enable the " + this.label + " flow on the connected app, and check the login URL";
            case "inactive_user", "inactive_org" -> "the user or the org is inactive or locked: ask an admin";
            default -> "check the connected app's settings and the credentials";
        };
    }

    @Override
    public String toString() {
        return this.label;
    }

}
