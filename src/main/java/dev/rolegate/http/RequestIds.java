package dev.rolegate.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Correlation ids for requests that bring none. They need to be unique, not unguessable, so they
 * come from ThreadLocalRandom: UUID.randomUUID reads the shared SecureRandom, a lock and a system
 * call on every credential request.
 */
public final class RequestIds {

    private static final long VERSION_MASK = 0xFFFFFFFFFFFF0FFFL;
    private static final long VERSION_4 = 0x0000000000004000L;
    private static final long VARIANT_MASK = 0x3FFFFFFFFFFFFFFFL;
    private static final long VARIANT_IETF = 0x8000000000000000L;

    /** The longest caller-supplied id taken as is; the audit column holds 256. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    private RequestIds() {
    }

    /**
     * Whether a caller's id is used as is: 1 to {@value #MAX_LENGTH} characters of letters, digits and {@code ._:-},
     * which covers UUIDs, AWS and W3C trace ids, and keeps quotes, spaces and control characters out of logs.
     */
    public static boolean isWellFormed(String candidate) {
        return candidate != null && WELL_FORMED.matcher(candidate).matches();
    }

    /** The caller's id when well-formed, else a new one. */
    public static String acceptOrNext(String candidate) {
        return isWellFormed(candidate) ? candidate : next();
    }

    /** A random (version 4, IETF variant) UUID as text. */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID((random.nextLong() & VERSION_MASK) | VERSION_4, (random.nextLong() & VARIANT_MASK) | VARIANT_IETF).toString();
    }
}
