package dev.rolegate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant OCCURRED = Instant.parse("2026-01-01T00:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(30), Duration.ofHours(24));

    @Test
    void theDelayDoublesPerAttemptUpToTheCap() {
        assertThat(policy.delay(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delay(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delay(5)).isEqualTo(Duration.ofSeconds(80));
        assertThat(policy.delay(10)).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.delay(1000)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void jitterOnlyShortensTheDelayAndNeverBelowHalf() {
        Instant now = OCCURRED.plusSeconds(60);
        assertThat(policy.nextAttempt(2, OCCURRED, now, 0.0)).contains(now.plusSeconds(5));
        assertThat(policy.nextAttempt(2, OCCURRED, now, 0.999999)).hasValueSatisfying(next -> assertThat(next).isBefore(now.plusSeconds(10)));
    }

    @Test
    void anEventWhoseNextTryWouldFallPastItsMaximumAgeIsGivenUp() {
        Instant late = OCCURRED.plus(Duration.ofHours(24)).minusSeconds(60);
        assertThat(policy.nextAttempt(20, OCCURRED, late, 0.0)).as("15 min wait, 1 min left").isEmpty();
        assertThat(policy.nextAttempt(1, OCCURRED, late, 0.0)).as("a 2.5 s wait still fits").isPresent();
    }
}
