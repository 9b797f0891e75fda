package io.sfstream.emulator;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.sfstream.emulator.junit.EmbeddedSalesforce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions sticky by the load balancer's {@code sfdc-stream} cookie. */
@EmbeddedSalesforce(pushTopics = "AccountUpdates", connectTimeoutMillis = 800, reconnectWindowMillis = 3000,
        newOrgPerTest = true)
class StickyCookieIntegrationTests {

    static final String STICKY = "sfdc-stream=(![A-Za-z0-9+/]{62}==); Path=/cometd/";

    SalesforceEmulator emulator;

    RawBayeux raw;

    // A new org per test: each test needs an empty one.
    @BeforeEach
    void start(SalesforceEmulator emulator) {
        this.emulator = emulator;
        this.raw = RawBayeux.of(emulator);
    }

    @Test
    void theHandshakeResponseAndLaterResponsesSetTheStickyCookieBesideTheOthers() {
        assertThat(this.raw.handshake()).containsEntry("successful", true);

        List<String> setCookies = this.raw.lastResponse.headers().allValues("set-cookie");
        String sticky = stickyValue(this.raw.lastResponse);
        assertThat(setCookies).anySatisfy(c -> assertThat(c).matches("BAYEUX_BROWSER=[a-z0-9]{16}; Path=/; HttpOnly"))
            .anySatisfy(c -> assertThat(c).startsWith("BrowserId="));
        this.raw.connect();
        assertThat(stickyValue(this.raw.lastResponse)).isEqualTo(sticky);
        this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1));
        assertThat(stickyValue(this.raw.lastResponse)).isEqualTo(sticky);
        RawBayeux other = RawBayeux.of(this.emulator);
        assertThat(other.handshake()).containsEntry("successful", true);
        assertThat(stickyValue(other.lastResponse)).as("each session has its own value").isNotEqualTo(sticky);
    }

    @Test
    void afterARotationOnlyTheNewValueReachesTheSession() {
        this.raw.handshake();
        this.raw.connect();
        String old = stickyValue(this.raw.lastResponse);

        this.emulator.faults().rotateStickyCookie();
        assertThat(this.raw.subscribe("/topic/AccountUpdates", Map.of("/topic/AccountUpdates", -1)))
            .containsEntry("successful", true);
        String rotated = stickyValue(this.raw.lastResponse);
        assertThat(rotated).isNotEqualTo(old);
        assertThat(this.raw.connectReply()).as("the client sends back the latest value")
            .containsEntry("successful", true);
        assertThat(stickyValue(this.raw.lastResponse)).isEqualTo(rotated);

        setSticky(old);
        ServerDisconnectIntegrationTests.assertUnknownClientWithHandshakeAdvice(this.raw.connectReply());
        setSticky(rotated);
        ServerDisconnectIntegrationTests.assertUnknownClientWithHandshakeAdvice(this.raw.connectReply());
        assertThat(this.emulator.observations().subscribers("/topic/AccountUpdates")).isEmpty();
        assertThat(this.raw.handshake()).as("a handshake needs no sticky cookie").containsEntry("successful", true);
    }

    @Test
    void sessionsOfOneBrowserShareTheValue() {
        this.raw.handshake();
        String sticky = stickyValue(this.raw.lastResponse);
        RawBayeux tab = new RawBayeux(this.emulator.cometdUrl("64.0"), this.emulator.issueAccessToken(),
                this.raw.cookies);

        assertThat(tab.handshake()).containsEntry("successful", true);

        assertThat(stickyValue(tab.lastResponse)).isEqualTo(sticky);
        assertThat(this.raw.connectReply()).containsEntry("successful", true);
        assertThat(tab.connectReply()).containsEntry("successful", true);
    }

    @Test
    void aRequestWithoutTheStickyCookieLandsOnAnotherServer() {
        this.raw.handshake();
        this.raw.cookies.getCookieStore()
            .getCookies()
            .stream()
            .filter(c -> c.getName().equals("sfdc-stream"))
            .toList()
            .forEach(c -> this.raw.cookies.getCookieStore().remove(null, c));

        ServerDisconnectIntegrationTests.assertUnknownClientWithHandshakeAdvice(this.raw.connectReply());
    }

    @Test
    void resetCancelsARotationNotYetSent() {
        this.raw.handshake();
        String sticky = stickyValue(this.raw.lastResponse);
        this.emulator.faults().rotateStickyCookie();

        this.emulator.faults().reset();

        assertThat(this.raw.connectReply()).containsEntry("successful", true);
        assertThat(stickyValue(this.raw.lastResponse)).isEqualTo(sticky);
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
        this.raw.cookies.getCookieStore()
            .getCookies()
            .stream()
            .filter(c -> c.getName().equals("sfdc-stream"))
            .toList()
            .forEach(c -> this.raw.cookies.getCookieStore().remove(null, c));
        HttpCookie cookie = new HttpCookie("sfdc-stream", value);
        cookie.setPath("/cometd/");
        cookie.setVersion(0);
        this.raw.cookies.getCookieStore().add(URI.create(this.emulator.myDomainUrl().toString()), cookie);
    }

}
