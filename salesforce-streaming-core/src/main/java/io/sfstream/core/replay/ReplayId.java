package io.sfstream.core.replay;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The replay id of an event: where a channel resumes. On the CometD Streaming API it is a
 * 64-bit number ({@code data.event.replayId}, increasing per channel, not contiguous,
 * beyond 2^32 on busy orgs); on the Pub/Sub API it is opaque bytes that must be stored
 * and sent back as they are. Never compute one.
 *
 * <p>
 * Ids of one kind are ordered: numbers by value, bytes as unsigned bytes compared one by
 * one (a prefix first), which is how the Pub/Sub API's fixed-length ids increase and how
 * databases compare binary columns. Ids of different kinds (a channel moved from one
 * transport to the other) are not comparable in meaning; {@link #compareTo} still orders
 * them, numbers first, so that collections stay consistent.
 *
 * <p>
 * Immutable and thread-safe.
 */
public final class ReplayId implements Comparable<ReplayId> {

    private static final HexFormat HEX = HexFormat.of();

    private final long number;

    private final byte @Nullable [] bytes;

    private ReplayId(long number, byte @Nullable [] bytes) {
        this.number = number;
        this.bytes = bytes;
    }

    /**
     * Returns the replay id of a CometD event.
     * @param number the replay id, zero or more
     * @return the replay id
     * @throws IllegalArgumentException if the number is negative ({@code -1} and
     * {@code -2} are replay starts, not ids: see {@link ReplayFrom})
     */
    public static ReplayId of(long number) {
        if (number < 0) {
            throw new IllegalArgumentException("replay id " + number + " is invalid: replay ids are zero or more");
        }
        return new ReplayId(number, null);
    }

    /**
     * Returns an opaque replay id, such as one of the Pub/Sub API.
     * @param bytes the id's bytes, not empty; copied
     * @return the replay id
     * @throws IllegalArgumentException if there are no bytes
     */
    public static ReplayId ofBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new IllegalArgumentException("an opaque replay id needs at least one byte");
        }
        return new ReplayId(0, bytes.clone());
    }

    /**
     * Parses what {@link #toString()} writes: a decimal number, or {@code 0x} followed by
     * hexadecimal bytes.
     * @param text the text
     * @return the replay id
     * @throws IllegalArgumentException when the text is neither
     */
    public static ReplayId parse(String text) {
        String trimmed = text.trim();
        try {
            if (trimmed.startsWith("0x") || trimmed.startsWith("0X")) {
                return ofBytes(HEX.parseHex(trimmed.substring(2)));
            }
            return of(Long.parseLong(trimmed));
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("'" + text + "' is not a replay id: a number of zero or more, or 0x "
                    + "followed by hexadecimal bytes", ex);
        }
    }

    /**
     * Whether this is a CometD replay id (a number), rather than opaque bytes.
     * @return whether numeric
     */
    public boolean isNumeric() {
        return this.bytes == null;
    }

    /**
     * Returns the number of a CometD replay id.
     * @return the number
     * @throws IllegalStateException if this id is opaque bytes
     */
    public long longValue() {
        if (this.bytes != null) {
            throw new IllegalStateException("replay id " + this + " is opaque bytes (Pub/Sub API), not a number");
        }
        return this.number;
    }

    /**
     * Returns the bytes of an opaque replay id.
     * @return a copy of the bytes
     * @throws IllegalStateException if this id is a number
     */
    public byte[] toByteArray() {
        if (this.bytes == null) {
            throw new IllegalStateException("replay id " + this.number + " is a number (CometD), not opaque bytes");
        }
        return this.bytes.clone();
    }

    /**
     * Whether this id comes after another of the same kind; an id of the other kind
     * counts as after (a channel that moved to the other transport starts a new
     * sequence).
     * @param other another replay id of the same channel
     * @return whether this id is later
     */
    public boolean isAfter(ReplayId other) {
        if (isNumeric() != other.isNumeric()) {
            return true;
        }
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(ReplayId other) {
        byte[] mine = this.bytes;
        byte[] theirs = other.bytes;
        if (mine == null) {
            return (theirs == null) ? Long.compare(this.number, other.number) : -1;
        }
        return (theirs == null) ? 1 : Arrays.compareUnsigned(mine, theirs);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof ReplayId id && this.number == id.number && Arrays.equals(this.bytes, id.bytes);
    }

    @Override
    public int hashCode() {
        return (this.bytes != null) ? Arrays.hashCode(this.bytes) : Long.hashCode(this.number);
    }

    /**
     * Returns the decimal number, or {@code 0x} followed by the bytes in hexadecimal.
     * @return the text, which {@link #parse(String)} reads back
     */
    @Override
    public String toString() {
        return (this.bytes != null) ? "0x" + HEX.formatHex(this.bytes) : Long.toString(this.number);
    }

}
