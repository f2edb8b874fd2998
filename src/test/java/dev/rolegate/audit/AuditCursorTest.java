package dev.rolegate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolegate.http.QueryParams;
import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemException;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cursors survive their round trip to the microsecond, and anything else given as one is a 400 naming the parameter. */
class AuditCursorTest {

    @Test
    void cursorRoundTripsTimeToTheMicrosecondAndId() {
        AuditCursor cursor = new AuditCursor(Instant.parse("2025-06-30T12:34:56.123456Z"), 9_876_543_210L);

        assertThat(AuditCursor.parse("cursor", cursor.encode())).isEqualTo(cursor);
        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]{23}");
    }

    @Test
    void cursorRoundTripsTheExtremesOfStoredTime() {
        for (Instant at : new Instant[] {QueryParams.MIN_INSTANT, QueryParams.MAX_INSTANT, Instant.parse("1969-12-31T23:59:59.999999Z")}) {
            AuditCursor cursor = new AuditCursor(at, Long.MAX_VALUE);
            assertThat(AuditCursor.parse("cursor", cursor.encode())).isEqualTo(cursor);
        }
    }

    @Test
    void absentOrBlankCursorMeansFromTheStart() {
        assertThat(AuditCursor.parse("cursor", null)).isNull();
        assertThat(AuditCursor.parse("cursor", " ")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "AQAGKpm6DGAAAAAAAAAAAA", "AQAGKpm6DGAAAAAAAAAAAAEA", "AQAGKpm6DGAAAAAAAAAAAA=", "AQAGKpm6DGAAAAAAAAAAA+E", "AQAGKpm6DGAAAAAAAAAAA/E",
            "2025-01-01T00:00:00Z_12", "%00", "AQAGKpm6DGAAAAAAAAAAA\u00e9E"})
    void malformedCursorIsA400NamingTheParameter(String raw) {
        assertRefused(raw);
    }

    @Test
    void tamperedVersionIdOrTimeIsA400() {
        assertRefused(token((byte) 2, 1_735_689_600_000_000L, 1));
        assertRefused(token((byte) 1, 1_735_689_600_000_000L, 0));
        assertRefused(token((byte) 1, 1_735_689_600_000_000L, -1));
        assertRefused(token((byte) 1, Long.MAX_VALUE, 1));
        assertRefused(token((byte) 1, Long.MIN_VALUE, 1));
    }

    @Test
    void toStringShowsThePosition() {
        assertThat(new AuditCursor(Instant.parse("2025-01-01T00:00:00Z"), 7)).hasToString("AuditCursor[2025-01-01T00:00:00Z, 7]");
    }

    private static void assertRefused(String raw) {
        assertThatThrownBy(() -> AuditCursor.parse("after", raw)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.errors()).extracting(Problem.FieldError::field).containsExactly("after"));
    }

    private static String token(byte version, long micros, long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.nio.ByteBuffer.allocate(17).put(version).putLong(micros).putLong(id).array());
    }
}
