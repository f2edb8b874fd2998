package dev.rolegate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolegate.problem.ProblemException;
import dev.rolegate.problem.ProblemType;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParamsTest {

    @Test
    void absentOrBlankIntegerTakesTheDefault() {
        assertThat(QueryParams.intParam("size", null, 20, 1, 100)).isEqualTo(20);
        assertThat(QueryParams.intParam("size", " ", 20, 1, 100)).isEqualTo(20);
        assertThat(QueryParams.optionalInt("minValiditySeconds", "", 60, 43200)).isNull();
    }

    @Test
    void integersWithinBoundsAreParsed() {
        assertThat(QueryParams.intParam("page", "0", 0, 0, 10)).isZero();
        assertThat(QueryParams.intParam("page", "10", 0, 0, 10)).isEqualTo(10);
        assertThat(QueryParams.optionalInt("minValiditySeconds", "-5", -10, 10)).isEqualTo(-5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5", "36e2", "0x10", "2147483648", "-2147483649", "99999999999999999999999", "-1", "101", "1 2", "+", "--1", "١٢"})
    void anythingButAnIntegerWithinBoundsIsA400NamingTheParameter(String raw) {
        assertThatThrownBy(() -> QueryParams.intParam("size", raw, 20, 0, 100))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
                    assertThat(e.errors()).singleElement().satisfies(error -> assertThat(error.field()).isEqualTo("size"));
                    assertThat(e.getMessage()).contains("from 0 to 100");
                });
    }

    @Test
    void instantsAreParsedAndBounded() {
        assertThat(QueryParams.optionalInstant("from", "2025-01-31T00:00:00Z")).isEqualTo(Instant.parse("2025-01-31T00:00:00Z"));
        assertThat(QueryParams.optionalInstant("from", null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "yesterday", "2025-01-31"})
    void instantsOutsideFourDigitYearsOrUnparseableAreA400(String raw) {
        assertThatThrownBy(() -> QueryParams.optionalInstant("to", raw))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors()).extracting(error -> error.field()).containsExactly("to"));
    }
}
