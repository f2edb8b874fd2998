package dev.rolegate.worker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Worker tokens: "rgw_" + Base64url (unpadded) of 32 random bytes, stored only as their SHA-256. */
public final class WorkerTokenFormat {

    public static final String PREFIX = "rgw_";
    static final int RANDOM_BYTES = 32;
    private static final int ENCODED_CHARS = 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WorkerTokenFormat() {
    }

    /** A new token with 256 random bits. */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean isWorkerToken(String token) {
        return token.startsWith(PREFIX);
    }

    /** The prefix and exactly 43 Base64url characters. A loop, not a regex: it runs on every worker request. */
    public static boolean isWellFormed(String token) {
        if (token.length() != PREFIX.length() + ENCODED_CHARS || !token.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < token.length(); i++) {
            if (!isBase64Url(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** SHA-256 of the token's UTF-8 bytes: what the database stores and is searched by. */
    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
