package dev.rolegate.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.LaunchMode;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Building the key ring from configuration, and refusing configurations that would lose or leak secrets. */
class KeyRingProducerTest {

    private static final String DEV_KEY_PROPERTY = "dev.rolegate.crypto.generated-key";
    private String devKeyBefore;

    @BeforeEach
    void rememberDevKey() {
        devKeyBefore = System.getProperty(DEV_KEY_PROPERTY);
    }

    /** Leaves the JVM-wide dev key as found, since a @QuarkusTest app in this JVM may be using it. */
    @AfterEach
    void restoreDevKey() {
        if (devKeyBefore == null) {
            System.clearProperty(DEV_KEY_PROPERTY);
        } else {
            System.setProperty(DEV_KEY_PROPERTY, devKeyBefore);
        }
    }

    @Test
    void singleConfiguredKeyBecomesThePrimaryKey() {
        KeyRing ring = KeyRingProducer.build(TestCryptoConfig.single("k2026a"), LaunchMode.NORMAL);

        assertThat(ring.primaryKeyId()).isEqualTo("k2026a");
    }

    @Test
    void configuredPrimaryKeyIdSealsNewSecrets() {
        KeyRing ring = KeyRingProducer.build(TestCryptoConfig.withPrimary("k2", "k1", "k2", "k3"), LaunchMode.NORMAL);

        assertThat(ring.primaryKeyId()).isEqualTo("k2");
        assertThat(new SecretBox(ring).seal("s", "ctx").keyId()).isEqualTo("k2");
    }

    @Test
    void ringsBuiltFromTheSameConfigOpenEachOthersSecrets() {
        TestCryptoConfig config = TestCryptoConfig.single("k1");
        SealedSecret sealed = new SecretBox(KeyRingProducer.build(config, LaunchMode.NORMAL)).seal("secret", "ctx");

        assertThat(new SecretBox(KeyRingProducer.build(config, LaunchMode.NORMAL)).open(sealed, "ctx")).isEqualTo("secret");
    }

    @Test
    void keyWithSurroundingWhitespaceFromAMountedSecretIsAccepted() {
        TestCryptoConfig padded = new TestCryptoConfig(Map.of("k1", " " + TestCryptoConfig.key("k1") + "\n"), Optional.empty());
        SealedSecret sealed = new SecretBox(KeyRingProducer.build(padded, LaunchMode.NORMAL)).seal("secret", "ctx");

        assertThat(new SecretBox(KeyRingProducer.build(TestCryptoConfig.single("k1"), LaunchMode.NORMAL)).open(sealed, "ctx")).isEqualTo("secret");
    }

    @Test
    void productionWithoutKeysRefusesToStart() {
        assertThatThrownBy(() -> KeyRingProducer.build(TestCryptoConfig.none(), LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No encryption key configured")
                .hasMessageContaining("rolegate.crypto.keys");
    }

    @ParameterizedTest
    @EnumSource(value = LaunchMode.class, names = {"DEVELOPMENT", "TEST"})
    void devAndTestWithoutKeysRunOnAGeneratedKey(LaunchMode mode) {
        KeyRing ring = KeyRingProducer.build(TestCryptoConfig.none(), mode);
        SecretBox box = new SecretBox(ring);

        assertThat(ring.primaryKeyId()).isEqualTo(KeyRingProducer.DEV_KEY_ID);
        assertThat(box.open(box.seal("secret", "ctx"), "ctx")).isEqualTo("secret");
    }

    @Test
    void generatedDevKeySurvivesALiveReload() {
        SealedSecret sealed = new SecretBox(KeyRingProducer.build(TestCryptoConfig.none(), LaunchMode.DEVELOPMENT)).seal("secret", "ctx");

        SecretBox afterReload = new SecretBox(KeyRingProducer.build(TestCryptoConfig.none(), LaunchMode.DEVELOPMENT));

        assertThat(afterReload.open(sealed, "ctx")).isEqualTo("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "%%%%", "QUJD=="})
    void keyThatIsNotBase64IsRejectedWithoutEchoingIt(String encoded) {
        TestCryptoConfig config = new TestCryptoConfig(Map.of("k1", encoded), Optional.empty());

        assertThatThrownBy(() -> KeyRingProducer.build(config, LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rolegate.crypto.keys.k1")
                .hasMessageContaining("not valid Base64")
                .hasMessageNotContaining(encoded);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 24, 31, 33, 64})
    void keyOfWrongLengthIsRejected(int length) {
        String encoded = Base64.getEncoder().encodeToString(new byte[length]);
        TestCryptoConfig config = new TestCryptoConfig(Map.of("k1", encoded), Optional.empty());

        assertThatThrownBy(() -> KeyRingProducer.build(config, LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rolegate.crypto.keys.k1")
                .hasMessageContaining("must decode to 32 bytes")
                .hasMessageContaining("got " + length);
    }

    @Test
    void severalKeysWithoutPrimaryKeyIdAreRejected() {
        TestCryptoConfig config = new TestCryptoConfig(Map.of("k1", TestCryptoConfig.key("k1"), "k2", TestCryptoConfig.key("k2")), Optional.empty());

        assertThatThrownBy(() -> KeyRingProducer.build(config, LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rolegate.crypto.primary-key-id");
    }

    @Test
    void primaryKeyIdThatIsNotConfiguredIsRejectedByName() {
        TestCryptoConfig config = new TestCryptoConfig(Map.of("k1", TestCryptoConfig.key("k1")), Optional.of("k9"));

        assertThatThrownBy(() -> KeyRingProducer.build(config, LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'k9'")
                .hasMessageContaining("k1")
                .hasMessageNotContaining(TestCryptoConfig.key("k1"));
    }
}
