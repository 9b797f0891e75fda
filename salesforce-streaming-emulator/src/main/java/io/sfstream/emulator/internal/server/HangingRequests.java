package io.sfstream.emulator.internal.server;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests the black-hole fault swallowed: accepted, never answered, their
 * connections left open until {@link #releaseAll()} closes them (on {@code reset()},
 * {@code stop()} and {@code close()}), so that no thread or connection leaks.
 *
 * <p>
 * Thread-safe.
 */
final class HangingRequests {

    private static final Logger logger = LoggerFactory.getLogger(HangingRequests.class);

    private final Set<Hanging> hanging = ConcurrentHashMap.newKeySet();

    /**
     * Leaves a request unanswered: the servlet thread returns, the request stays open.
     * @param request the request to swallow
     * @param closer closes the request's TCP connection
     */
    void hold(HttpServletRequest request, Runnable closer) {
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        this.hanging.add(new Hanging(async, closer));
    }

    /** Closes the connection of every hanging request, without a response. */
    void releaseAll() {
        for (Iterator<Hanging> it = this.hanging.iterator(); it.hasNext();) {
            Hanging request = it.next();
            it.remove();
            try {
                request.closer().run();
                request.async().complete();
            }
            catch (RuntimeException e) {
                logger.debug("Releasing a hanging request", e);
            }
        }
    }

    private record Hanging(AsyncContext async, Runnable closer) {
    }

}
