package dev.rolegate.crypto;

import dev.rolegate.testsupport.Bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.LaunchMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** AES-GCM sealing: confidentiality, binding to the row's context, tamper detection and key rotation. */
class SecretBoxTest {

    private static final String CONTEXT = "aws_accounts.external_id:7d1c0a52-0000-4000-8000-000000000001";
    private static final String SECRET = "xT9-externalId-Q2w_e4R5t6Y7u8I9o0P1a2S3d4F5g6H7j8";

    private final SecretBox box = boxFor(TestCryptoConfig.single("k1"));

    @Test
    void sealedSecretOpensWithTheSameContext() {
        SealedSecret sealed = box.seal(SECRET, CONTEXT);

        assertThat(box.open(sealed, CONTEXT)).isEqualTo(SECRET);
        assertThat(sealed.keyId()).isEqualTo("k1");
    }

    @Test
    void nonAsciiAndEmptySecretsRoundTrip() {
        assertThat(box.open(box.seal("pässwörd ☃ 漢字", CONTEXT), CONTEXT)).isEqualTo("pässwörd ☃ 漢字");
        assertThat(box.open(box.seal("", CONTEXT), CONTEXT)).isEmpty();
    }

    @Test
    void sealingTheSameSecretTwiceGivesDifferentCiphertexts() {
        SealedSecret first = box.seal(SECRET, CONTEXT);
        SealedSecret second = box.seal(SECRET, CONTEXT);

        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        assertThat(Arrays.copyOf(first.ciphertext(), 12)).as("nonce").isNotEqualTo(Arrays.copyOf(second.ciphertext(), 12));
    }

    @Test
    void ciphertextNeverContainsThePlaintext() {
        byte[] plain = SECRET.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50; i++) {
            byte[] sealed = box.seal(SECRET, CONTEXT).ciphertext();

            for (int from = 0; from + 8 <= plain.length; from++) {
                assertThat(Bytes.indexOf(sealed, Arrays.copyOfRange(plain, from, from + 8))).as("plaintext bytes %d..%d", from, from + 8).isEqualTo(-1);
            }
            assertThat(sealed.length).as("nonce + ciphertext + 16-byte tag").isEqualTo(12 + plain.length + 16);
        }
    }

    @Test
    void openingWithAnotherRowsContextFails() {
        SealedSecret sealed = box.seal(SECRET, CONTEXT);

        assertThatThrownBy(() -> box.open(sealed, "aws_accounts.external_id:7d1c0a52-0000-4000-8000-000000000002"))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void everySingleFlippedBitIsDetected() {
        byte[] original = box.seal(SECRET, CONTEXT).ciphertext();
        for (int i = 0; i < original.length * 8; i++) {
            byte[] tampered = original.clone();
            tampered[i / 8] ^= (byte) (1 << (i % 8));
            SealedSecret forged = new SealedSecret("k1", tampered);

            assertThatThrownBy(() -> box.open(forged, CONTEXT)).as("bit %d", i).isInstanceOf(SecretDecryptionException.class);
        }
    }

    @Test
    void truncatedCiphertextIsRejected() {
        byte[] nonceOnly = Arrays.copyOf(box.seal(SECRET, CONTEXT).ciphertext(), 12);

        assertThatThrownBy(() -> box.open(new SealedSecret("k1", nonceOnly), CONTEXT))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void ciphertextRelabelledWithAnotherKeyIdFails() {
        SecretBox both = boxFor(TestCryptoConfig.withPrimary("k1", "k1", "k2"));
        SealedSecret sealed = both.seal(SECRET, CONTEXT);

        assertThatThrownBy(() -> both.open(new SealedSecret("k2", sealed.ciphertext()), CONTEXT))
                .isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void secretSealedUnderOldKeyStillOpensAfterRotation() {
        SealedSecret old = boxFor(TestCryptoConfig.single("k1")).seal(SECRET, CONTEXT);
        SecretBox rotated = boxFor(TestCryptoConfig.withPrimary("k2", "k1", "k2"));

        assertThat(rotated.open(old, CONTEXT)).isEqualTo(SECRET);
        assertThat(rotated.needsRotation(old)).isTrue();
    }

    @Test
    void resealingAfterRotationUsesTheNewPrimaryKey() {
        SecretBox rotated = boxFor(TestCryptoConfig.withPrimary("k2", "k1", "k2"));

        SealedSecret resealed = rotated.seal(SECRET, CONTEXT);

        assertThat(resealed.keyId()).isEqualTo("k2");
        assertThat(rotated.needsRotation(resealed)).isFalse();
        assertThat(boxFor(TestCryptoConfig.single("k2")).open(resealed, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void secretSealedUnderAKeyThatIsNoLongerConfiguredFailsNamingTheKey() {
        SealedSecret old = boxFor(TestCryptoConfig.single("k1")).seal(SECRET, CONTEXT);
        SecretBox withoutK1 = boxFor(TestCryptoConfig.single("k2"));

        assertThatThrownBy(() -> withoutK1.open(old, CONTEXT))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("'k1'")
                .hasMessageContaining("rolegate.crypto.keys");
    }

    @Test
    void sameKeyIdWithDifferentKeyMaterialFails() {
        SealedSecret sealed = box.seal(SECRET, CONTEXT);
        SecretBox impostor = boxFor(new TestCryptoConfig(Map.of("k1", TestCryptoConfig.key("other")), Optional.empty()));

        assertThatThrownBy(() -> impostor.open(sealed, CONTEXT)).isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void sealedSecretToStringShowsKeyIdButNoBytes() {
        SealedSecret sealed = box.seal(SECRET, CONTEXT);

        assertThat(sealed.toString())
                .contains("k1")
                .doesNotContain(SECRET)
                .doesNotContain(Base64.getEncoder().encodeToString(sealed.ciphertext()).substring(0, 12))
                .doesNotContain(Arrays.toString(sealed.ciphertext()).substring(0, 12));
    }

    @Test
    void sealedSecretCannotBeAlteredThroughItsByteArrays() {
        byte[] bytes = box.seal(SECRET, CONTEXT).ciphertext();
        SealedSecret sealed = new SealedSecret("k1", bytes);

        bytes[20] ^= 1;
        sealed.ciphertext()[21] ^= 1;

        assertThat(box.open(sealed, CONTEXT)).isEqualTo(SECRET);
    }

    private static SecretBox boxFor(CryptoConfig config) {
        return new SecretBox(KeyRingProducer.build(config, LaunchMode.NORMAL));
    }
}
