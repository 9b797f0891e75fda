package io.sfstream.core.replay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ReplayIdTests {

    @Test
    void numbersKeepTheirSixtyFourBits() {
        ReplayId id = ReplayId.of(Long.MAX_VALUE - 1);
        assertThat(id.isNumeric()).isTrue();
        assertThat(id.longValue()).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(id).hasToString("9223372036854775806");
        assertThat(ReplayId.parse(id.toString())).isEqualTo(id);
    }

    @Test
    void negativeNumbersAreReplayStartsNotIds() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayId.of(-1)).withMessageContaining("zero or more");
    }

    @Test
    void opaqueBytesAreCopiedAndPrintedInHexadecimal() {
        byte[] bytes = { 0, 0, 0, 0, 0, 0, 0x1a, (byte) 0xff };
        ReplayId id = ReplayId.ofBytes(bytes);
        bytes[0] = 9;
        assertThat(id.isNumeric()).isFalse();
        assertThat(id.toByteArray()).containsExactly(0, 0, 0, 0, 0, 0, 0x1a, 0xff);
        assertThat(id).hasToString("0x0000000000001aff");
        assertThat(ReplayId.parse("0x0000000000001aff")).isEqualTo(id).hasSameHashCodeAs(id);
        assertThatIllegalStateException().isThrownBy(id::longValue).withMessageContaining("opaque");
        assertThatIllegalStateException().isThrownBy(ReplayId.of(5)::toByteArray).withMessageContaining("number");
    }

    @Test
    void opaqueIdsCompareAsUnsignedBytes() {
        ReplayId low = ReplayId.ofBytes(new byte[] { 0x00, 0x7f });
        ReplayId high = ReplayId.ofBytes(new byte[] { 0x00, (byte) 0x80 });
        assertThat(high.isAfter(low)).isTrue();
        assertThat(low.isAfter(high)).isFalse();
        assertThat(high).isGreaterThan(low);
    }

    @Test
    void anIdOfTheOtherTransportCountsAsAfter() {
        ReplayId number = ReplayId.of(1_000);
        ReplayId bytes = ReplayId.ofBytes(new byte[] { 1 });
        assertThat(bytes.isAfter(number)).isTrue();
        assertThat(number.isAfter(bytes)).isTrue();
        assertThat(number.compareTo(bytes)).isNegative();
    }

    @Test
    void textThatIsNoReplayIdIsRefusedWithWhatIsAccepted() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayId.parse("abc"))
            .withMessageContaining("0x followed by hexadecimal bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplayId.parse("0x"));
    }

}
