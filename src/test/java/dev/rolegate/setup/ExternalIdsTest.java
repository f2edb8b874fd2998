package dev.rolegate.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Generated External IDs are STS-valid, unguessable and unique; masked ones reveal almost nothing. */
class ExternalIdsTest {

    private final ExternalIds externalIds = new ExternalIds();

    @Test
    void generatedIdsMatchTheStsPattern() {
        for (int i = 0; i < 1000; i++) {
            assertThat(externalIds.generate()).matches(ExternalIds.PATTERN);
        }
    }

    @Test
    void generatedIdsCarryAtLeast128RandomBits() {
        String id = externalIds.generate();

        byte[] random = Base64.getUrlDecoder().decode(id);

        assertThat(random.length * 8).isGreaterThanOrEqualTo(128);
    }

    @Test
    void thousandGeneratedIdsAreDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(externalIds.generate());
        }

        assertThat(ids).hasSize(1000);
    }

    @Test
    void maskShowsOnlyTheLastFourCharacters() {
        assertThat(ExternalIds.mask("AbCdEfGhIjKlMnOp_qRsT-uVwX")).isEqualTo("****uVwX");
    }

    @Test
    void maskNeverRevealsMoreThanTheLastFourCharactersWhateverTheLength() {
        String source = "0123456789abcdefghijklmnopqrstuvwxyz-_ABCDEFGHIJ";
        for (int length = 0; length <= source.length(); length++) {
            String id = source.substring(0, length);

            String revealed = ExternalIds.mask(id).replaceFirst("^\\*{4}", "");

            assertThat(ExternalIds.mask(id)).as("length %d", length).startsWith("****");
            assertThat(revealed).as("length %d", length).hasSizeLessThanOrEqualTo(4);
            assertThat(id).as("length %d", length).endsWith(revealed);
        }
    }

    @Test
    void shortIdsAreMaskedCompletely() {
        assertThat(ExternalIds.mask("abcdefgh")).isEqualTo("****");
        assertThat(ExternalIds.mask("ab")).isEqualTo("****");
    }
}
