package dev.rolegate.crypto;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/** Builds the {@link KeyRing} from configuration; only dev and test may run on a generated key. */
@ApplicationScoped
public class KeyRingProducer {

    private static final Logger LOG = Logger.getLogger(KeyRingProducer.class);
    static final String DEV_KEY_ID = "dev-generated";
    /**
     * Survives dev-mode live reloads, which would otherwise orphan rows sealed before the reload. Outside the
     * {@code rolegate.} namespace on purpose: SmallRye Config refuses unknown keys under a mapping's prefix, so a second
     * application start in the same JVM (a test profile) would fail on it.
     */
    private static final String DEV_KEY_PROPERTY = "dev.rolegate.crypto.generated-key";
    private static final int KEY_BYTES = 32;

    @Produces
    @Singleton
    KeyRing keyRing(CryptoConfig config) {
        return build(config, LaunchMode.current());
    }

    /** Resolves the key ring at start-up, so production without a key fails fast instead of at first use. */
    void checkAtStartup(@Observes StartupEvent event, KeyRing keyRing) {
        LOG.infof("Secrets at rest: AES-256-GCM, %s", keyRing);
    }

    static KeyRing build(CryptoConfig config, LaunchMode mode) {
        if (!config.keys().isEmpty()) {
            return fromConfig(config);
        }
        if (!mode.isDevOrTest()) {
            throw new IllegalStateException("No encryption key configured: set rolegate.crypto.keys.<id> (Base64 of 32 random bytes), "
                    + "e.g. from a Kubernetes Secret. rolegate refuses to store secrets without one.");
        }
        LOG.warn("No rolegate.crypto.keys configured: using a generated DEV key. Secrets encrypted with it are unreadable after this JVM exits. Never run production like this.");
        return new KeyRing(Map.of(DEV_KEY_ID, aesKey(devKeyBytes(), DEV_KEY_ID)), DEV_KEY_ID);
    }

    private static KeyRing fromConfig(CryptoConfig config) {
        Map<String, SecretKey> keys = new HashMap<>();
        config.keys().forEach((id, encoded) -> keys.put(id, aesKey(decode(id, encoded), id)));
        String primary = config.primaryKeyId().orElseGet(() -> onlyKeyId(keys));
        return new KeyRing(keys, primary);
    }

    private static String onlyKeyId(Map<String, SecretKey> keys) {
        if (keys.size() != 1) {
            throw new IllegalStateException("Several encryption keys are configured: set rolegate.crypto.primary-key-id to the one that seals new secrets");
        }
        return keys.keySet().iterator().next();
    }

    private static byte[] decode(String id, String encoded) {
        try {
            return Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("rolegate.crypto.keys." + id + " is not valid Base64");
        }
    }

    private static SecretKey aesKey(byte[] bytes, String id) {
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException("rolegate.crypto.keys." + id + " must decode to 32 bytes (AES-256), got " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static synchronized byte[] devKeyBytes() {
        String existing = System.getProperty(DEV_KEY_PROPERTY);
        if (existing != null) {
            return Base64.getDecoder().decode(existing);
        }
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        System.setProperty(DEV_KEY_PROPERTY, Base64.getEncoder().encodeToString(key));
        return key;
    }
}
