package io.sfstream.emulator.internal.bayeux;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cometd.bayeux.server.BayeuxContext;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP request carrying a Bayeux message says about its caller: the access token
 * of its {@code Authorization} header, its {@code BAYEUX_BROWSER} cookie and the API
 * version in its URL ({@code /cometd/{version}}, or {@code /cometd/replay/{version}}, the
 * durable endpoint of API 36.0).
 */
final class RequestCredentials {

    static final String BROWSER_COOKIE = "BAYEUX_BROWSER";

    private static final Pattern VERSION = Pattern.compile("/cometd/(?:replay/)?([^/?#]*)");

    private RequestCredentials() {
    }

    static @Nullable String accessToken(@Nullable BayeuxContext context) {
        String header = context == null ? null : context.getHeader("Authorization");
        if (header == null) {
            return null;
        }
        String value = header.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bearer ")) {
            return value.substring(7).trim();
        }
        if (lower.startsWith("oauth ")) {
            return value.substring(6).trim();
        }
        return null;
    }

    static boolean hasAuthorization(@Nullable BayeuxContext context) {
        return context != null && context.getHeader("Authorization") != null;
    }

    static boolean hasBrowserCookie(@Nullable BayeuxContext context) {
        return context != null && context.getCookie(BROWSER_COOKIE) != null;
    }

    /**
     * Returns the version in the URL when it is not served (below 37.0 or unreadable),
     * else {@code null}.
     */
    static @Nullable String unsupportedVersion(@Nullable BayeuxContext context, double minimum) {
        if (context == null) {
            return null;
        }
        Matcher matcher = VERSION.matcher(context.getURL());
        if (!matcher.find()) {
            return "(none)";
        }
        String version = matcher.group(1);
        try {
            return Double.parseDouble(version) >= minimum && version.matches("\\d+\\.\\d") ? null : version;
        }
        catch (NumberFormatException e) {
            return version;
        }
    }

}
