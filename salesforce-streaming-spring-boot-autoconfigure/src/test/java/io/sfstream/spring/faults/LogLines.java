package io.sfstream.spring.faults;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Keeps the formatted messages logged at INFO and above by an application. Attached by an
 * initializer, after Spring Boot configured logging (which would otherwise remove it).
 * Thread-safe.
 */
final class LogLines extends AppenderBase<ILoggingEvent> {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        this.lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage());
    }

    List<String> containing(String text) {
        return this.lines.stream().filter((line) -> line.contains(text)).toList();
    }

    ApplicationContextInitializer<ConfigurableApplicationContext> attacher() {
        return (context) -> {
            Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
            setContext((LoggerContext) LoggerFactory.getILoggerFactory());
            if (!isStarted()) {
                start();
            }
            root.addAppender(this);
        };
    }

}
