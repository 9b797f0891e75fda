package io.sfstream.emulator;

/**
 * A kind of Bayeux request that {@link Faults#blackHoleNext(BlackHole)} can swallow: the
 * request is accepted (the TCP connection stays open) and never answered nor closed, as
 * when a proxy or NAT gateway loses it.
 */
public enum BlackHole {

    /** The next request carrying a {@code /meta/connect}. */
    CONNECT("/meta/connect"),

    /** The next request carrying a {@code /meta/handshake}. */
    HANDSHAKE("/meta/handshake"),

    /** The next request carrying a {@code /meta/subscribe}. */
    SUBSCRIBE("/meta/subscribe");

    private final String channel;

    BlackHole(String channel) {
        this.channel = channel;
    }

    /**
     * Returns the Bayeux meta channel of the requests of this kind.
     * @return e.g. {@code /meta/connect}
     */
    public String channel() {
        return this.channel;
    }

}
