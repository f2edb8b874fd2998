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

    @ParameterizedTest(name = "{0} ms session refreshes {1} s before expiry")
    @CsvSource({
            "900000, 300",     // 15 min: 5 min tier beats 20 % (180 s)
            "3540000, 708",    // 59 min: under 1 h, 20 % (708 s) beats the 5 min tier
            "3600000, 960",    // 1 h: the 16 min tier (the SDKs' 15 min window plus a minute) beats 20 % (720 s); was 720 before
            "3599700, 960",    // 1 h as seen once STS has answered (300 ms later) is still a 1 h session
            "7200000, 1440",   // 20 % beats the 16 min tier
            "21600000, 4320",  // 6 h: 20 % (72 min) beats 16 min
            "43200000, 8640"}) // 12 h: 20 % (144 min) beats 60 min
    void prefetchMarginUsesTheTierOfTheNominalLengthButNeverLessThanAFifthOfTheLifetime(long lifetimeMillis, long expectedMargin) {
        SessionTiming timing = new SessionTiming(config(), bound -> 0);
        assertThat(timing.prefetchMargin(Duration.ofMillis(lifetimeMillis)).toSeconds()).isEqualTo(expectedMargin);
    }

    @Test
    void aOneHourSessionIsRenewedBeforeTheSdksFifteenMinuteWindowEvenWithoutJitterAndOneTickLate() {
        SessionTiming timing = new SessionTiming(config(), bound -> 0);
        Instant expiry = ISSUED.plusSeconds(3600);
        SessionTiming.Schedule schedule = timing.schedule(ISSUED, expiry);
        Instant sdkAsksAgain = expiry.minus(Duration.ofMinutes(15)); // botocore's advisory window, the Java SDK's prefetch
        assertThat(schedule.refreshAt().plus(config().tick())).isBefore(sdkAsksAgain);
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
        Instant unjittered = ISSUED.plusSeconds(3600 - 960);
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
        TestSessionConfig bad = config().withPrefetch(Duration.ofMinutes(20), Duration.ofMinutes(16), Duration.ofMinutes(60));
        assertThatThrownBy(() -> new SessionTiming(bad)).isInstanceOf(IllegalStateException.class).hasMessageContaining("prefetch");
    }

    @Test
    void invalidSourceIdentityIsRejectedAtStartup() {
        TestSessionConfig bad = new TestSessionConfig(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(16), Duration.ofMinutes(60),
                Optional.of("has space"));
        assertThatThrownBy(() -> new SessionTiming(bad)).isInstanceOf(IllegalStateException.class).hasMessageContaining("source-identity");
    }

    @Test
    void validSourceIdentityIsAccepted() {
        TestSessionConfig ok = new TestSessionConfig(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(16), Duration.ofMinutes(60),
                Optional.of("rolegate-platform"));
        assertThat(new SessionTiming(ok).prefetchMargin(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(16));
    }

    /** The shipped defaults: stale 1 min, prefetch 5 / 16 / 60 min. */
    private static TestSessionConfig config() {
        return new TestSessionConfig(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(16), Duration.ofMinutes(60), Optional.empty());
    }
}
