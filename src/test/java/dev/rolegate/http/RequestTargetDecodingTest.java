package dev.rolegate.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetDecodingTest {

    @Test
    void percentEscapesDecodeAsUtf8() {
        assertThat(RequestTargetFilter.decode("caf%C3%A9%20ok", false)).isEqualTo("café ok");
        assertThat(RequestTargetFilter.decode("%F0%9F%9A%80", false)).isEqualTo("\ud83d\ude80");
    }

    @Test
    void plusIsASpaceOnlyInQueries() {
        assertThat(RequestTargetFilter.decode("a+b", true)).isEqualTo("a b");
        assertThat(RequestTargetFilter.decode("a+b", false)).isEqualTo("a+b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%4", "%zz", "abc%", "%ED%A0%80", "%C3", "%FF", "%C0%80"})
    void malformedEscapesAndInvalidUtf8DecodeToNothing(String raw) {
        assertThat(RequestTargetFilter.decode(raw, false)).isNull();
    }

    @Test
    void encodedNulDecodesSoTheFilterCanRefuseIt() {
        assertThat(Characters.firstRefusedInName(RequestTargetFilter.decode("ab%00c", false))).isEqualTo(2);
    }
}
