package dev.rolegate.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionTimingTest {

    private static final Instant ISSUED = Instant.parse("2026-11-27T10:00:00Z");

    @ParameterizedTest(name = "{0} s session refreshes {1} s before expiry")
    @CsvSource({
            "900, 300",     // 5 min tier beats 20 % (180 s)
            "3600, 720",    // 20 % (720 s) beats the 5 min tier
            "7200, 1440",   // 20 % beats the 15 min tier
            "21600, 4320",  // 6 h: 20 % (72 min) beats 15 min
            "43200, 8640"}) // 12 h: 20 % (144 min) beats 60 min
    void prefetchMarginUsesTheTierButNeverLessThanAFifthOfTheLifetime(long lifetime, long expectedMargin) {
        SessionTiming timing = new SessionTiming(config(), bound -> 0);
        assertThat(timing.prefetchMargin(Duration.ofSeconds(lifetime))).isEqualTo(Duration.ofSeconds(expectedMargin));
    }

    @Test
    void withoutJitterRefreshIsExactlyThePrefetchPointAndStaleIsOneMinuteBeforeExpiry() {
        SessionTiming timing = new SessionTiming(config(), bound -> 0);
        SessionTiming.Schedule schedule = timing.schedule(ISSUED, ISSUED.plusSeconds(900));
        assertThat(schedule.refreshAt()).isEqualTo(ISSUED.plusSeconds(600));
        assertThat(schedule.staleAt()).isEqualTo(ISSUED.plusSeconds(840));
    }

    @Test
    void maximalJitterMovesTheRefreshEarlierByAtMostTheConfiguredCapAndNeverPastStale() {
        SessionTiming timing = new SessionTiming(config(), bound -> bound);
        SessionTiming.Schedule schedule = timing.schedule(ISSUED, ISSUED.plusSeconds(3600));
        Instant unjittered = ISSUED.plusSeconds(3600 - 720);
        assertThat(schedule.refreshAt()).isEqualTo(unjittered.minusSeconds(60));
        assertThat(schedule.refreshAt()).isBefore(schedule.staleAt());
    }

    @Test
    void jitterOfAShortSessionIsBoundedByATenthOfTheTimeBeforeRefresh() {
        SessionTiming timing = new SessionTiming(config(), bound -> bound);
        SessionTiming.Schedule schedule = timing.schedule(ISSUED, ISSUED.plusSeconds(900));
        // 600 s before the refresh point: 10 % is 60 s, equal to the cap.
        assertThat(Duration.between(schedule.refreshAt(), ISSUED.plusSeconds(600))).isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void realJitterStaysWithinBoundsOverManySessions() {
        SessionTiming timing = new SessionTiming(config());
        for (int i = 0; i < 1000; i++) {
            SessionTiming.Schedule schedule = timing.schedule(ISSUED, ISSUED.plusSeconds(900));
            assertThat(schedule.refreshAt()).isBetween(ISSUED.plusSeconds(540), ISSUED.plusSeconds(600));
        }
    }

    @Test
    void retryDelayGrowsExponentiallyUpToTheCap() {
        SessionTiming timing = new SessionTiming(config(), bound -> bound);
        assertThat(timing.retryDelay(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(timing.retryDelay(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(timing.retryDelay(40)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void staleMarginLargerThanTheShortPrefetchIsRejectedAtStartup() {
        TestSessionConfig bad = config().withStale(Duration.ofMinutes(6));
        assertThatThrownBy(() -> new SessionTiming(bad)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stale-before-expiry");
    }

    @Test
    void shrinkingPrefetchTiersAreRejected() {
        TestSessionConfig bad = config().withPrefetch(Duration.ofMinutes(20), Duration.ofMinutes(15), Duration.ofMinutes(60));
        assertThatThrownBy(() -> new SessionTiming(bad)).isInstanceOf(IllegalStateException.class).hasMessageContaining("prefetch");
    }

    @Test
    void invalidSourceIdentityIsRejectedAtStartup() {
        TestSessionConfig bad = new TestSessionConfig(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(60),
                Optional.of("has space"));
        assertThatThrownBy(() -> new SessionTiming(bad)).isInstanceOf(IllegalStateException.class).hasMessageContaining("source-identity");
    }

    @Test
    void validSourceIdentityIsAccepted() {
        TestSessionConfig ok = new TestSessionConfig(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(60),
                Optional.of("rolegate-platform"));
        assertThat(new SessionTiming(ok).prefetchMargin(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(12));
    }

    private static TestSessionConfig config() {
        return new TestSessionConfig(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(60), Optional.empty());
    }
}
