package io.sfstream.core.client.internal;

import java.util.Map;

import org.cometd.bayeux.Message;
import org.cometd.common.HashMapMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayExtensionTests {

    private final ReplayExtension extension = new ReplayExtension((channel) -> channel.startsWith("/topic") ? 11 : 0);

    @Test
    void handshakeAsksForReplay() {
        Message.Mutable handshake = new HashMapMessage();
        handshake.setChannel("/meta/handshake");
        this.extension.sendMeta(null, handshake);
        assertThat(handshake.getExt()).containsEntry("replay", true);
    }

    @Test
    void subscribeCarriesOnlyItsOwnChannelKeyedWithoutFilterQuery() {
        Message.Mutable subscribe = new HashMapMessage();
        subscribe.setChannel("/meta/subscribe");
        subscribe.put(Message.SUBSCRIPTION_FIELD, "/topic/Foo?Type=Hot");
        this.extension.sendMeta(null, subscribe);
        assertThat(subscribe.getExt()).containsEntry("replay", Map.of("/topic/Foo", 11L));
    }

    @Test
    void replayIdZeroIsSent() {
        Message.Mutable subscribe = new HashMapMessage();
        subscribe.setChannel("/meta/subscribe");
        subscribe.put(Message.SUBSCRIPTION_FIELD, "/event/E__e");
        this.extension.sendMeta(null, subscribe);
        assertThat(subscribe.getExt()).containsEntry("replay", Map.of("/event/E__e", 0L));
    }

    @Test
    void otherMessagesAreLeftAlone() {
        Message.Mutable connect = new HashMapMessage();
        connect.setChannel("/meta/connect");
        this.extension.sendMeta(null, connect);
        assertThat(connect.getExt()).isNull();
    }

    @Test
    void replayIsOnOnlyWhenTheServerEchoesIt() {
        Message.Mutable reply = new HashMapMessage();
        reply.setChannel("/meta/handshake");
        reply.setSuccessful(true);
        this.extension.rcvMeta(null, reply);
        assertThat(this.extension.isReplayEnabled()).isFalse();
        reply.getExt(true).put("replay", true);
        this.extension.rcvMeta(null, reply);
        assertThat(this.extension.isReplayEnabled()).isTrue();
    }

}
