package io.sfstream.spring.security;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.LoggingSystem;

/**
 * Captures every log event of this JVM at TRACE, rendered with its arguments, MDC and
 * full exception chain, while Spring Boot is told to leave logging alone (so starting
 * applications does not reset the levels or remove the capture). Events on the emulator's
 * server threads ({@code sf-emulator-*}) and the test proxy's ({@code test-proxy*}) are
 * kept apart: the emulated Salesforce legitimately reads the tokens it receives, the
 * proxy the proxy credentials. {@link #close()} restores the previous configuration.
 * <p>
 * Unsynchronized: rendering an event calls its arguments' {@code toString()}, and some of
 * them (Jetty's {@code HttpDestination}) take a lock that another thread holds while it
 * logs; a lock of the appender around the rendering deadlocked those two threads.
 */
final class TraceCapture extends UnsynchronizedAppenderBase<ILoggingEvent> implements AutoCloseable {

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    private final Map<Logger, Level> savedLevels = new HashMap<>();

    private final List<Appender<ILoggingEvent>> savedRootAppenders = new ArrayList<>();

    private Level savedRootLevel = Level.INFO;

    private final String savedLoggingSystem = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);

    static TraceCapture everything() {
        TraceCapture capture = new TraceCapture();
        capture.attach();
        return capture;
    }

    private void attach() {
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        for (Logger logger : this.context.getLoggerList()) {
            if (!Logger.ROOT_LOGGER_NAME.equals(logger.getName())) {
                this.savedLevels.put(logger, logger.getLevel());
                logger.setLevel(null);
            }
        }
        Logger root = this.context.getLogger(Logger.ROOT_LOGGER_NAME);
        this.savedRootLevel = root.getLevel();
        root.setLevel(Level.TRACE);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext();) {
            this.savedRootAppenders.add(it.next());
        }
        this.savedRootAppenders.forEach(root::detachAppender);
        setContext(this.context);
        setName("trace-capture");
        start();
        root.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getThreadName().startsWith("sf-emulator") || event.getThreadName().startsWith("test-proxy")) {
            return;
        }
        StringBuilder line = new StringBuilder().append(event.getLevel())
            .append(' ')
            .append(event.getLoggerName())
            .append(" [")
            .append(event.getThreadName())
            .append("] ")
            .append(event.getFormattedMessage());
        Object[] arguments = event.getArgumentArray();
        if (arguments != null) {
            for (Object argument : arguments) {
                line.append(" | ").append(argument);
            }
        }
        if (!event.getMDCPropertyMap().isEmpty()) {
            line.append(" mdc=").append(event.getMDCPropertyMap());
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(thrown));
        }
        this.lines.add(line.toString());
    }

    List<String> lines() {
        return List.copyOf(this.lines);
    }

    @Override
    public void close() {
        Logger root = this.context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(this);
        stop();
        this.savedRootAppenders.forEach(root::addAppender);
        root.setLevel(this.savedRootLevel);
        this.savedLevels.forEach(Logger::setLevel);
        if (this.savedLoggingSystem == null) {
            System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
        }
        else {
            System.setProperty(LoggingSystem.SYSTEM_PROPERTY, this.savedLoggingSystem);
        }
    }

}
