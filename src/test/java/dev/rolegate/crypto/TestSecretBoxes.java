package dev.rolegate.crypto;

import io.quarkus.runtime.LaunchMode;
import java.util.Map;
import java.util.Optional;

/** A {@link SecretBox} over one known key, so tests outside the application can seal what it will open. */
public final class TestSecretBoxes {

    private TestSecretBoxes() {
    }

    public static SecretBox withKey(String keyId, String base64Key) {
        return new SecretBox(KeyRingProducer.build(new TestCryptoConfig(Map.of(keyId, base64Key), Optional.empty()), LaunchMode.NORMAL));
    }
}
