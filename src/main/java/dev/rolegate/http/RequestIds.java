package dev.rolegate.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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

    private RequestIds() {
    }

    /** A random (version 4, IETF variant) UUID as text. */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID((random.nextLong() & VERSION_MASK) | VERSION_4, (random.nextLong() & VARIANT_MASK) | VARIANT_IETF).toString();
    }
}
