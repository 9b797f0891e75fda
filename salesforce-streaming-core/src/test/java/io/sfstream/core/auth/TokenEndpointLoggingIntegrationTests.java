package io.sfstream.core.auth;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sfstream.core.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenEndpointLoggingIntegrationTests {

    private final FakeTokenServer server = FakeTokenServer.start();

    private final Logger logger = (Logger) LoggerFactory.getLogger(TokenEndpoint.class);

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        this.previousLevel = this.logger.getLevel();
        this.logger.setLevel(Level.DEBUG);
        this.appender.start();
        this.logger.addAppender(this.appender);
    }

    @AfterEach
    void release() {
        this.logger.detachAppender(this.appender);
        this.logger.setLevel(this.previousLevel);
        this.server.close();
    }

    @Test
    void debugLinesNameTheFlowTheUrlAndTheOutcomeButNoSecret() {
        PasswordAuthenticator authenticator = new PasswordAuthenticator(this.server.loginUrl(), "key",
                "the-consumer-secret", "user@example.com", "the-password", "the-security-token");
        this.server.answerJson(400, "{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}");
        assertThatExceptionOfType(AuthenticationException.class).isThrownBy(authenticator::authenticate);
        authenticator.authenticate();
        List<String> lines = this.appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).hasSize(4)
            .allSatisfy((line) -> assertThat(line).contains("username-password")
                .contains(this.server.loginUrl().tokenEndpoint().toString())
                .doesNotContain("the-consumer-secret", "the-password", "the-security-token",
                        FakeTokenServer.ACCESS_TOKEN));
        assertThat(lines.get(1)).contains("HTTP 400");
        assertThat(lines.get(3)).contains("succeeded");
    }

}
