package dev.rolegate.crypto;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** {@link CryptoConfig} as plain values, plus deterministic test keys. */
record TestCryptoConfig(Map<String, String> keys, Optional<String> primaryKeyId) implements CryptoConfig {

    static TestCryptoConfig none() {
        return new TestCryptoConfig(Map.of(), Optional.empty());
    }

    static TestCryptoConfig single(String keyId) {
        return new TestCryptoConfig(Map.of(keyId, key(keyId)), Optional.empty());
    }

    /** All of {@code keyIds}, each with its own {@link #key}, sealing with {@code primary}. */
    static TestCryptoConfig withPrimary(String primary, String... keyIds) {
        Map<String, String> keys = new java.util.HashMap<>();
        for (String id : keyIds) {
            keys.put(id, key(id));
        }
        return new TestCryptoConfig(keys, Optional.of(primary));
    }

    /** A fixed 32-byte key derived from the id, Base64-encoded as configuration carries it. */
    static String key(String keyId) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) keyId.hashCode());
        bytes[0] = (byte) keyId.length();
        return Base64.getEncoder().encodeToString(bytes);
    }
}
