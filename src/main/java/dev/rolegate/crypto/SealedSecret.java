package dev.rolegate.crypto;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Arrays;

/**
 * A secret as stored at rest: the id of the key that sealed it and the AEAD output
 * (nonce, ciphertext and tag). Entities embed it once per secret column pair.
 */
@Embeddable
public class SealedSecret {

    @Column(name = "key_id", nullable = false, length = 64)
    private String keyId;

    @Column(name = "ciphertext", nullable = false)
    private byte[] ciphertext;

    protected SealedSecret() {
    }

    public SealedSecret(String keyId, byte[] ciphertext) {
        this.keyId = keyId;
        this.ciphertext = ciphertext.clone();
    }

    public String keyId() {
        return keyId;
    }

    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedSecret other && keyId.equals(other.keyId) && Arrays.equals(ciphertext, other.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * keyId.hashCode() + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "SealedSecret[keyId=" + keyId + ", " + ciphertext.length + " bytes]";
    }
}
