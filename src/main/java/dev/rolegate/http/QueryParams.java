package dev.rolegate.http;

import dev.rolegate.problem.ProblemException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Bounded parsing of query parameters into 400 problems that name the parameter. JAX-RS converts a
 * query parameter declared as a number itself and answers a failed conversion with 404 ("No such
 * resource"), so numeric parameters are declared as strings and parsed here.
 */
public final class QueryParams {

    /** The earliest and latest instants accepted: four-digit years, which PostgreSQL's timestamptz holds. */
    public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

    private QueryParams() {
    }

    /**
     * The integer in {@code raw}, or {@code defaultValue} when it is absent or blank.
     *
     * @throws ProblemException 400 naming {@code name} when {@code raw} is not an integer in {@code [min, max]}
     */
    public static int intParam(String name, String raw, int defaultValue, int min, int max) {
        Integer value = optionalInt(name, raw, min, max);
        return value == null ? defaultValue : value;
    }

    /**
     * The integer in {@code raw}, or null when it is absent or blank (so the caller's default applies).
     *
     * @throws ProblemException 400 naming {@code name} when {@code raw} is not an integer in {@code [min, max]}
     */
    public static Integer optionalInt(String name, String raw, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String trimmed = raw.trim();
        long value = INTEGER.matcher(trimmed).matches() ? Long.parseLong(trimmed) : Long.MIN_VALUE;
        if (value < min || value > max) {
            throw ProblemException.invalidField(name, "must be an integer from " + min + " to " + max);
        }
        return (int) value;
    }

    /**
     * The ISO-8601 instant in {@code raw} (e.g. 2025-01-31T00:00:00Z), or null when it is absent or blank.
     *
     * @throws ProblemException 400 naming {@code name} when {@code raw} is not an instant between
     *         {@link #MIN_INSTANT} and {@link #MAX_INSTANT}
     */
    public static Instant optionalInstant(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Instant value;
        try {
            value = Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(name, "must be an ISO-8601 instant, e.g. 2025-01-31T00:00:00Z");
        }
        if (value.isBefore(MIN_INSTANT) || value.isAfter(MAX_INSTANT)) {
            throw ProblemException.invalidField(name, "must be between " + MIN_INSTANT + " and " + MAX_INSTANT);
        }
        return value;
    }
}
