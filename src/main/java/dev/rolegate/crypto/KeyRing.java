package dev.rolegate.crypto;

import java.util.Map;
import javax.crypto.SecretKey;

/** The AES keys rolegate can open secrets with, and the one it seals new secrets with. */
public final class KeyRing {

    private final Map<String, SecretKey> keys;
    private final String primaryKeyId;

    KeyRing(Map<String, SecretKey> keys, String primaryKeyId) {
        if (!keys.containsKey(primaryKeyId)) {
            throw new IllegalStateException("rolegate.crypto.primary-key-id '" + primaryKeyId + "' is not among the configured keys " + keys.keySet());
        }
        this.keys = Map.copyOf(keys);
        this.primaryKeyId = primaryKeyId;
    }

    String primaryKeyId() {
        return primaryKeyId;
    }

    SecretKey primaryKey() {
        return keys.get(primaryKeyId);
    }

    SecretKey key(String keyId) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new SecretDecryptionException("no key with id '" + keyId + "' is configured; was it removed from rolegate.crypto.keys?");
        }
        return key;
    }

    @Override
    public String toString() {
        return "KeyRing[keyIds=" + keys.keySet() + ", primary=" + primaryKeyId + "]";
    }
}
