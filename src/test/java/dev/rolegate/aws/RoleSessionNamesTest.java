package dev.rolegate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** RoleSessionNames always satisfy STS and stay recognisable in the customer's CloudTrail. */
class RoleSessionNamesTest {

    /** STS's rule, spelled out in ASCII so a Unicode-aware \w in the code under test would not slip through. */
    private static final Pattern STS_SESSION_NAME = Pattern.compile("[A-Za-z0-9_+=,.@-]{2,64}");

    @Test
    void partsAreJoinedAfterTheRolegatePrefix() {
        assertThat(RoleSessionNames.of("shop-prod", "verify")).isEqualTo("rolegate-shop-prod-verify");
    }

    @Test
    void charactersStsAllowsAreKept() {
        assertThat(RoleSessionNames.of("a_b+c=d,e.f@g-h")).isEqualTo("rolegate-a_b+c=d,e.f@g-h");
    }

    @Test
    void invalidCharactersAreReplacedByHyphens() {
        assertThat(RoleSessionNames.of("my project/x:y", "ü")).isEqualTo("rolegate-my-project-x-y--");
    }

    @Test
    void longNamesAreTruncatedTo64KeepingThePrefix() {
        String name = RoleSessionNames.of("p".repeat(100), "verify");

        assertThat(name).hasSize(64).startsWith("rolegate-ppp");
    }

    @Test
    void nameOfExactly64CharactersIsNotShortened() {
        String part = "p".repeat(64 - "rolegate-".length());

        assertThat(RoleSessionNames.of(part)).isEqualTo("rolegate-" + part);
    }

    @Test
    void resultAlwaysSatisfiesStsWhateverTheInput() {
        Random random = new Random(20240611L);
        for (int i = 0; i < 2000; i++) {
            String[] parts = new String[random.nextInt(4)];
            for (int p = 0; p < parts.length; p++) {
                parts[p] = randomText(random, random.nextInt(80));
            }

            assertThat(RoleSessionNames.of(parts)).as("parts %s", String.join("|", parts)).matches(STS_SESSION_NAME);
        }
    }

    @Test
    void emptyAndWhitespacePartsStillGiveAValidName() {
        assertThat(RoleSessionNames.of()).matches(STS_SESSION_NAME);
        assertThat(RoleSessionNames.of("", " ", "\t\n")).matches(STS_SESSION_NAME);
    }

    /** Mixes STS-legal ASCII, punctuation, whitespace, accented letters, CJK and emoji (surrogate pairs). */
    private static String randomText(Random random, int codePoints) {
        int[] pool = {'a', 'Z', '7', '_', '+', '=', ',', '.', '@', '-', ' ', '/', ':', '*', '\t', '\n', 'é', 'ß', 'Ж', '漢', 0x1F600, 0};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            text.appendCodePoint(pool[random.nextInt(pool.length)]);
        }
        return text.toString();
    }
}
