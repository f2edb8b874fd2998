package dev.rolegate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a replica's share of the cluster's STS cap follows the heartbeats it sees. */
class StsShareTest {

    private static final double CAP = 50;
    private static final Duration WINDOW = Duration.ofSeconds(10);

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final StsShare share = new StsShare(CAP, WINDOW, clock);

    @ParameterizedTest(name = "{0} replicas alive take {1}/s each")
    @CsvSource({"1, 50", "2, 25", "10, 5"})
    void eachReplicaAliveTakesAnEqualPartOfTheCap(int replicas, double perSecond) {
        double taken = share.heartbeatSeen(othersSeenAt(replicas - 1, clock.instant().minusSeconds(1)));

        assertThat(taken).isEqualTo(perSecond);
        assertThat(share.perSecond() * replicas).isEqualTo(CAP);
        assertThat(share.replicasAlive()).isEqualTo(replicas);
    }

    @Test
    void aReplicaThatStopsBeatingIsDroppedAfterTheLivenessWindowAndItsPartReturnsToTheOthers() {
        Instant lastBeatOfTheDeadOne = clock.instant();
        assertThat(share.heartbeatSeen(List.of(lastBeatOfTheDeadOne))).isEqualTo(25);

        clock.advance(WINDOW);
        assertThat(share.heartbeatSeen(List.of(lastBeatOfTheDeadOne))).as("still inside the window").isEqualTo(25);

        clock.advance(Duration.ofMillis(1));
        assertThat(share.heartbeatSeen(List.of(lastBeatOfTheDeadOne))).as("past the window").isEqualTo(50);
        assertThat(share.replicasAlive()).isEqualTo(1);
    }

    @Test
    void withoutAnyHeartbeatTheWholeCapApplies() {
        assertThat(share.perSecond()).isEqualTo(CAP);
        assertThat(share.replicasAlive()).isZero();
    }

    @Test
    void whileHeartbeatsFailTheLastShareHoldsEvenAfterTheOthersWouldHaveAgedOut() {
        share.heartbeatSeen(othersSeenAt(3, clock.instant()));

        clock.advance(WINDOW.multipliedBy(10)); // the database unreachable: no heartbeat completes meanwhile

        assertThat(share.perSecond()).as("neither the whole cap nor more than the last share").isEqualTo(12.5);
        assertThat(share.replicasAlive()).isEqualTo(4);
    }

    @Test
    void aReplicaThatJoinsIsCountedAtTheNextHeartbeat() {
        assertThat(share.heartbeatSeen(othersSeenAt(1, clock.instant()))).isEqualTo(25);

        clock.advance(Duration.ofSeconds(2));

        assertThat(share.heartbeatSeen(othersSeenAt(2, clock.instant()))).isEqualTo(CAP / 3);
    }

    private static List<Instant> othersSeenAt(int count, Instant at) {
        return Collections.nCopies(count, at);
    }
}
