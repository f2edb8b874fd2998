package dev.rolegate.crypto;

/** A stored secret could not be opened: wrong or missing key, or tampered ciphertext. */
public class SecretDecryptionException extends RuntimeException {

    public SecretDecryptionException(String message) {
        super(message);
    }

    public SecretDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
