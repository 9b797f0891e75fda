package io.sfstream.emulator.server;

import io.sfstream.emulator.EmulatorDefaults;
import io.sfstream.emulator.bayeux.CuttableLongPollingTransport;
import io.sfstream.emulator.org.FaultState;
import io.sfstream.emulator.org.SalesforceIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;

/**
 * Runs before every endpoint: applies the response-delay fault; on the Bayeux endpoint, refuses
 * bodies over 32,768 bytes ({@code 413 Maximum Request Size Exceeded}), sets the load balancer's
 * {@code BrowserId} cookie, and lets the transport close the connection for the cut-off fault.
 */
final class RequestGuardFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient FaultState faults;

    RequestGuardFilter(FaultState faults) {
        this.faults = faults;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        delay(faults.responseDelay());
        if (request.getRequestURI().startsWith("/cometd/")) {
            if (request.getContentLengthLong() > EmulatorDefaults.MAX_REQUEST_BYTES) {
                // Read the body (up to 1 MiB) before answering: closing the connection while the client is still
                // sending makes it see a reset instead of the 413.
                request.getInputStream().readNBytes(1 << 20);
                response.setStatus(413);
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter().write("Maximum Request Size Exceeded");
                return;
            }
            if (!hasCookie(request, "BrowserId")) {
                Cookie browserId = new Cookie("BrowserId", SalesforceIds.randomAlphanumeric(22));
                browserId.setPath("/");
                response.addCookie(browserId);
            }
            ServletContextRequest core = ServletContextRequest.getServletContextRequest(request);
            if (core != null) {
                request.setAttribute(CuttableLongPollingTransport.CONNECTION_CLOSER,
                        (Runnable) () -> core.getConnectionMetaData().getConnection().getEndPoint().close());
            }
        }
        chain.doFilter(request, response);
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while delaying the response", e);
        }
    }
}
