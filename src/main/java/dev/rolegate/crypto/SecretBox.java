package dev.rolegate.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens secrets with AES-256-GCM. The caller's context (table, column and row id) is
 * bound as associated data, so a ciphertext copied onto another row or column fails to open.
 */
@ApplicationScoped
public class SecretBox {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyRing keyRing;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(KeyRing keyRing) {
        this.keyRing = keyRing;
    }

    public SealedSecret seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        String keyId = keyRing.primaryKeyId();
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keyRing.primaryKey(), nonce, aad(keyId, context), plaintext.getBytes(StandardCharsets.UTF_8));
        return new SealedSecret(keyId, ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
    }

    public String open(SealedSecret secret, String context) {
        byte[] blob = secret.ciphertext();
        if (blob.length <= NONCE_BYTES) {
            throw new SecretDecryptionException("stored secret is truncated");
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        byte[] nonce = new byte[NONCE_BYTES];
        buffer.get(nonce);
        byte[] body = new byte[buffer.remaining()];
        buffer.get(body);
        byte[] plain = crypt(Cipher.DECRYPT_MODE, keyRing.key(secret.keyId()), nonce, aad(secret.keyId(), context), body);
        return new String(plain, StandardCharsets.UTF_8);
    }

    /** True when the secret was sealed with an older key and should be re-sealed. */
    public boolean needsRotation(SealedSecret secret) {
        return !keyRing.primaryKeyId().equals(secret.keyId());
    }

    private static byte[] aad(String keyId, String context) {
        return (keyId + '\n' + context).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] crypt(int mode, SecretKey key, byte[] nonce, byte[] aad, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // The cause names only the algorithm failure, never the key or plaintext.
            throw new SecretDecryptionException("AES-GCM " + (mode == Cipher.ENCRYPT_MODE ? "encryption" : "decryption") + " failed", e);
        }
    }
}
