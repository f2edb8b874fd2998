package dev.rolegate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.LaunchMode;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The key ring hands out keys by id and never prints them. */
class KeyRingTest {

    private final KeyRing ring = KeyRingProducer.build(TestCryptoConfig.withPrimary("k2", "k1", "k2"), LaunchMode.NORMAL);

    @Test
    void keysAreLookedUpByTheirConfiguredId() {
        assertThat(ring.key("k1").getEncoded()).isEqualTo(Base64.getDecoder().decode(TestCryptoConfig.key("k1")));
        assertThat(ring.primaryKey().getEncoded()).isEqualTo(Base64.getDecoder().decode(TestCryptoConfig.key("k2")));
    }

    @Test
    void unknownKeyIdFailsWithAMessageNamingIt() {
        assertThatThrownBy(() -> ring.key("k0"))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("no key with id 'k0' is configured");
    }

    @Test
    void toStringNamesKeyIdsButShowsNoKeyMaterial() {
        assertThat(ring.toString())
                .contains("k1", "k2", "primary=k2")
                .doesNotContain(TestCryptoConfig.key("k1"))
                .doesNotContain(TestCryptoConfig.key("k2"))
                .doesNotContain(TestCryptoConfig.key("k1").substring(0, 8))
                .doesNotContain(TestCryptoConfig.key("k2").substring(0, 8));
    }
}
