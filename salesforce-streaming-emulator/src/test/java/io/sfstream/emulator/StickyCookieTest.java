package io.sfstream.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions sticky by the load balancer's {@code sfdc-stream} cookie. */
class StickyCookieTest {

    static final String STICKY = "sfdc-stream=(![A-Za-z0-9+/]{62}==); Path=/cometd/";

    SalesforceEmulator emulator;

    RawBayeux raw;

    @BeforeEach
    void start() {
        emulator = SalesforceEmulator.builder()
            .pushTopic("AccountUpdates")
            .connectTimeout(Duration.ofMillis(800))
            .reconnectWindow(Duration.ofSeconds(3))
            .start();
        raw = RawBayeux.of(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void theHandshakeResponseAndLaterResponsesSetTheStickyCookieBesideTheOthers() {
        assertThat(raw.handshake()).containsEntry("successful", true);

        List<String> setCookies = raw.lastResponse.headers().allValues("set-cookie");
        String sticky = stickyValue(raw.lastResponse);
        assertThat(setCookies).anySatisfy(c -> assertThat(c).matches("BAYEUX_BROWSER=[a-z0-9]{16}; Path=/; HttpOnly"))
            .anySatisfy(c -> assertThat(c).startsWith("BrowserId="));
        raw.connect();
        assertThat(stickyValue(raw.lastResponse)).isEqualTo(sticky);
        raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        assertThat(stickyValue(raw.lastResponse)).isEqualTo(sticky);
        RawBayeux other = RawBayeux.of(emulator);
        assertThat(other.handshake()).containsEntry("successful", true);
        assertThat(stickyValue(other.lastResponse)).as("each session has its own value").isNotEqualTo(sticky);
    }

    @Test
    void afterARotationOnlyTheNewValueReachesTheSession() {
        raw.handshake();
        raw.connect();
        String old = stickyValue(raw.lastResponse);

        emulator.faults().rotateStickyCookie();
        assertThat(raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1)))
            .containsEntry("successful", true);
        String rotated = stickyValue(raw.lastResponse);
        assertThat(rotated).isNotEqualTo(old);
        assertThat(raw.connectReply()).as("the client sends back the latest value").containsEntry("successful", true);
        assertThat(stickyValue(raw.lastResponse)).isEqualTo(rotated);

        setSticky(old);
        ServerDisconnectTest.assertUnknownClientWithHandshakeAdvice(raw.connectReply());
        setSticky(rotated);
        ServerDisconnectTest.assertUnknownClientWithHandshakeAdvice(raw.connectReply());
        assertThat(emulator.observations().subscribers("/topic/AccountUpdates")).isEmpty();
        assertThat(raw.handshake()).as("a handshake needs no sticky cookie").containsEntry("successful", true);
    }

    @Test
    void sessionsOfOneBrowserShareTheValue() {
        raw.handshake();
        String sticky = stickyValue(raw.lastResponse);
        RawBayeux tab = new RawBayeux(emulator.cometdUrl("64.0"), emulator.issueAccessToken(), raw.cookies);

        assertThat(tab.handshake()).containsEntry("successful", true);

        assertThat(stickyValue(tab.lastResponse)).isEqualTo(sticky);
        assertThat(raw.connectReply()).containsEntry("successful", true);
        assertThat(tab.connectReply()).containsEntry("successful", true);
    }

    @Test
    void aRequestWithoutTheStickyCookieLandsOnAnotherServer() {
        raw.handshake();
        raw.cookies.getCookieStore()
            .getCookies()
            .stream()
            .filter(c -> c.getName().equals("sfdc-stream"))
            .toList()
            .forEach(c -> raw.cookies.getCookieStore().remove(null, c));

        ServerDisconnectTest.assertUnknownClientWithHandshakeAdvice(raw.connectReply());
    }

    @Test
    void resetCancelsARotationNotYetSent() {
        raw.handshake();
        String sticky = stickyValue(raw.lastResponse);
        emulator.faults().rotateStickyCookie();

        emulator.faults().reset();

        assertThat(raw.connectReply()).containsEntry("successful", true);
        assertThat(stickyValue(raw.lastResponse)).isEqualTo(sticky);
    }

    static String stickyValue(HttpResponse<String> response) {
        List<String> sticky = response.headers()
            .allValues("set-cookie")
            .stream()
            .filter(c -> c.startsWith("sfdc-stream="))
            .toList();
        assertThat(sticky).singleElement().satisfies(c -> assertThat(c).matches(STICKY));
        return sticky.get(0).replaceAll(STICKY, "$1");
    }

    private void setSticky(String value) {
        raw.cookies.getCookieStore()
            .getCookies()
            .stream()
            .filter(c -> c.getName().equals("sfdc-stream"))
            .toList()
            .forEach(c -> raw.cookies.getCookieStore().remove(null, c));
        HttpCookie cookie = new HttpCookie("sfdc-stream", value);
        cookie.setPath("/cometd/");
        cookie.setVersion(0);
        raw.cookies.getCookieStore().add(URI.create(emulator.myDomainUrl().toString()), cookie);
    }

}
