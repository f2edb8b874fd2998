package dev.rolegate.audit;

import dev.rolegate.http.QueryParams;
import dev.rolegate.problem.ProblemException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A position in the audit's order (occurred_at, then id), written as an opaque token: base64url of a version
 * byte, the time in microseconds since the epoch and the id. Parsing is total: anything that is not a token
 * this class wrote is a 400 naming the parameter. A token edited into another valid one is only another
 * position in the same log, which the caller may read anyway, so tokens are not signed.
 */
public record AuditCursor(Instant occurredAt, long id) {

    private static final byte VERSION = 1;
    private static final int BYTES = 1 + Long.BYTES + Long.BYTES;
    /** 17 bytes are 23 base64url characters without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{23}");
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final String INVALID = "is not a cursor this API returned; use a `cursor` or `next` value as given";

    public AuditCursor {
        if (occurredAt.isBefore(QueryParams.MIN_INSTANT) || occurredAt.isAfter(QueryParams.MAX_INSTANT) || id < 1) {
            throw new IllegalArgumentException("an audit position is a stored time and a positive id");
        }
    }

    public String encode() {
        ByteBuffer bytes = ByteBuffer.allocate(BYTES).put(VERSION).putLong(micros(occurredAt)).putLong(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /**
     * The cursor in {@code raw}, or null when it is absent or blank.
     *
     * @throws ProblemException 400 naming {@code parameter} when {@code raw} is not a token {@link #encode()} wrote
     */
    public static AuditCursor parse(String parameter, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String token = raw.trim();
        if (!TOKEN.matcher(token).matches()) {
            throw ProblemException.invalidField(parameter, INVALID);
        }
        ByteBuffer bytes;
        try {
            bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(token));
        } catch (IllegalArgumentException notBase64) {
            throw ProblemException.invalidField(parameter, INVALID);
        }
        if (bytes.get() != VERSION) {
            throw ProblemException.invalidField(parameter, INVALID);
        }
        long micros = bytes.getLong();
        long id = bytes.getLong();
        if (micros < micros(QueryParams.MIN_INSTANT) || micros > micros(QueryParams.MAX_INSTANT) || id < 1) {
            throw ProblemException.invalidField(parameter, INVALID);
        }
        return new AuditCursor(instant(micros), id);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * MICROS_PER_SECOND + instant.getNano() / 1_000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1_000);
    }

    @Override
    public String toString() {
        return "AuditCursor[" + occurredAt + ", " + id + "]";
    }
}
