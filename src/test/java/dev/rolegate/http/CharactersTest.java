package dev.rolegate.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CharactersTest {

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001", "\u001f", "\u007f", "\u0080", "\u0085", "\u009f", "\ud800", "\udfff", "\ud800y", "\udc00\ud800"})
    void textRefusesControlsDelC1AndLoneSurrogates(String refused) {
        String text = "ok " + refused;

        assertThat(Characters.firstRefusedInText(text)).isEqualTo(3);
        assertThat(Characters.firstRefusedInName(text)).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"line\nbreak", "tab\there", "carriage\rreturn"})
    void textKeepsTabLineFeedAndCarriageReturnButNamesDoNot(String text) {
        assertThat(Characters.firstRefusedInText(text)).isEqualTo(-1);
        assertThat(Characters.firstRefusedInName(text)).isGreaterThan(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u2028", "\u2029"})
    void namesRefuseBidiControlsAndUnicodeLineBreaksThatTextKeeps(String layout) {
        String text = "invoice" + layout + "fdp.exe";

        assertThat(Characters.firstRefusedInText(text)).isEqualTo(-1);
        assertThat(Characters.firstRefusedInName(text)).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acme web shop", "Café Zürich", "東京 プロジェクト", "emoji \ud83d\ude80 pair", "\u200f right-to-left mark", ""})
    void ordinaryUnicodeNamesAreAccepted(String name) {
        assertThat(Characters.firstRefusedInName(name)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u202e"})
    void descriptionNamesTheCodePointWithoutTheCharacter(String refused) {
        String description = Characters.describe("a" + refused, 1);

        assertThat(description).matches("U\\+[0-9A-F]{4}").doesNotContain(refused);
    }
}
