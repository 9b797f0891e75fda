package io.sfstream.emulator.internal.server;

import java.io.IOException;
import java.time.Duration;

import io.sfstream.emulator.BlackHole;
import io.sfstream.emulator.EmulatorDefaults;
import io.sfstream.emulator.internal.bayeux.CuttableLongPollingTransport;
import io.sfstream.emulator.internal.org.FaultState;
import io.sfstream.emulator.internal.org.SalesforceIds;
import io.sfstream.emulator.internal.rest.RestErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs before every endpoint: applies the response-delay fault. On the Bayeux endpoint,
 * before CometD sees the request, it plays what sits in front of Salesforce's servers and
 * what Salesforce checks first:
 * <ol>
 * <li>the front-proxy fault: HTTP 502, 503 or 504 with an HTML page;</li>
 * <li>bodies over 32,768 bytes: {@code 413 Maximum Request Size Exceeded};</li>
 * <li>bodies that are not JSON, or not a JSON array (a single message object, refused
 * since Winter '27): HTTP 400 with a JSON error ({@code JSON_PARSER_ERROR});</li>
 * <li>the black-hole fault: the request is accepted and never answered;</li>
 * <li>the load balancer's {@code BrowserId} cookie, and a way for the transport to close
 * the connection for the cut-off fault.</li>
 * </ol>
 */
final class RequestGuardFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final transient FaultState faults;

    private final transient HangingRequests hanging;

    RequestGuardFilter(FaultState faults, HangingRequests hanging) {
        this.faults = faults;
        this.hanging = hanging;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        delay(this.faults.responseDelay());
        if (!request.getRequestURI().startsWith("/cometd/")) {
            chain.doFilter(request, response);
            return;
        }
        int proxyStatus = this.faults.frontProxyStatus();
        if (proxyStatus != 0) {
            request.getInputStream().readNBytes(1 << 20);
            frontProxyPage(response, proxyStatus);
            return;
        }
        if (request.getContentLengthLong() > EmulatorDefaults.MAX_REQUEST_BYTES) {
            // Read the body (up to 1 MiB) before answering: closing the connection while
            // the client is still
            // sending makes it see a reset instead of the 413.
            request.getInputStream().readNBytes(1 << 20);
            tooLarge(response);
            return;
        }
        HttpServletRequest forwarded = request;
        Runnable closer = connectionCloser(request);
        if ("POST".equals(request.getMethod())) {
            byte[] body = request.getInputStream().readNBytes(EmulatorDefaults.MAX_REQUEST_BYTES + 1);
            if (body.length > EmulatorDefaults.MAX_REQUEST_BYTES) {
                request.getInputStream().readNBytes(1 << 20);
                tooLarge(response);
                return;
            }
            JsonNode messages;
            try {
                messages = JSON.readTree(body);
            }
            catch (JacksonException e) {
                RestErrors.write(response, 400, RestErrors.JSON_PARSER_ERROR, RestErrors.parserMessage(e));
                return;
            }
            if (messages == null || !messages.isArray()) {
                RestErrors.write(response, 400, RestErrors.JSON_PARSER_ERROR,
                        "The request body must be a JSON array of Bayeux messages");
                return;
            }
            if (closer != null && swallowed(messages)) {
                this.hanging.hold(request, closer);
                return;
            }
            forwarded = new BufferedBodyRequest(request, body);
        }
        if (!hasCookie(request, "BrowserId")) {
            Cookie browserId = new Cookie("BrowserId", SalesforceIds.randomAlphanumeric(22));
            browserId.setPath("/");
            response.addCookie(browserId);
        }
        if (closer != null) {
            request.setAttribute(CuttableLongPollingTransport.CONNECTION_CLOSER, closer);
        }
        chain.doFilter(forwarded, response);
    }

    /**
     * Whether the black-hole fault takes this request: one armed for the kind of any of
     * its messages.
     */
    private boolean swallowed(JsonNode messages) {
        for (JsonNode message : messages) {
            JsonNode channel = message.get("channel");
            for (BlackHole kind : BlackHole.values()) {
                if (channel != null && channel.isString() && kind.channel().equals(channel.asString())
                        && this.faults.takeBlackHole(kind)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static @Nullable Runnable connectionCloser(HttpServletRequest request) {
        ServletContextRequest core = ServletContextRequest.getServletContextRequest(request);
        if (core == null) {
            return null;
        }
        EndPoint endPoint = core.getConnectionMetaData().getConnection().getEndPoint();
        return endPoint::close;
    }

    private static void frontProxyPage(HttpServletResponse response, int status) throws IOException {
        String title = status + " " + switch (status) {
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Gateway Timeout";
        };
        response.setStatus(status);
        response.setContentType("text/html");
        response.getWriter()
            .write("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                    + "</h1></center>\r\n</body>\r\n</html>\r\n");
    }

    private static void tooLarge(HttpServletResponse response) throws IOException {
        response.setStatus(413);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("Maximum Request Size Exceeded");
    }

    private static boolean hasCookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (name.equals(cookie.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void delay(Duration delay) throws IOException {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while delaying the response", e);
        }
    }

}
