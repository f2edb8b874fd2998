package dev.rolegate.testsupport;

/** Byte-level searches for proving a secret is absent from stored data. */
public final class Bytes {

    private Bytes() {
    }

    /** Index of the first occurrence of {@code needle} in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
