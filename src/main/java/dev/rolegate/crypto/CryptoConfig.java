package dev.rolegate.crypto;

import io.smallrye.config.ConfigMapping;
import java.util.Map;
import java.util.Optional;

/** Keys for encrypting secrets at rest (External IDs, session credentials). */
@ConfigMapping(prefix = "rolegate.crypto")
public interface CryptoConfig {

    /**
     * AES-256 keys by key id, each the Base64 encoding of 32 random bytes, e.g.
     * {@code rolegate.crypto.keys.k2026a=...}. Old keys stay listed so existing rows still decrypt;
     * in production they come from a Kubernetes Secret. No default: production refuses to start
     * without at least one key. Dev and test generate a throw-away key.
     */
    Map<String, String> keys();

    /** Id of the key that encrypts new values. Optional when exactly one key is configured. */
    Optional<String> primaryKeyId();
}
