package dev.rolegate.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerTokenFormatTest {

    @Test
    void generatedTokenIsPrefixedBase64urlOf32RandomBytes() {
        String token = WorkerTokenFormat.generate();

        assertThat(token).startsWith("rgw_").hasSize(4 + 43);
        assertThat(Base64.getUrlDecoder().decode(token.substring(4))).hasSize(32);
        assertThat(WorkerTokenFormat.isWellFormed(token)).isTrue();
    }

    @Test
    void generatedTokensDoNotRepeat() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(WorkerTokenFormat.generate());
        }
        assertThat(tokens).hasSize(1000);
    }

    @Test
    void hashIsSha256OfTheWholeToken() throws Exception {
        String token = WorkerTokenFormat.generate();

        assertThat(WorkerTokenFormat.hash(token))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)))
                .hasSize(32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rgw_", "rgw_short", "rgw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "rgw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "rgw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+AA", "RGW_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void malformedTokensAreRecognisedWithoutALookup(String token) {
        assertThat(WorkerTokenFormat.isWellFormed(token)).isFalse();
    }
}
