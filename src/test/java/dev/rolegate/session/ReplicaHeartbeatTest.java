package dev.rolegate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.Sql;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The heartbeat writes this replica's row, and the local STS rate follows the other replicas' rows in the table. */
@QuarkusTest
class ReplicaHeartbeatTest {

    private static final String OTHERS = "other-replica-%";

    @Inject
    ReplicaHeartbeat heartbeat;
    @Inject
    StsRateLimit rate;
    @Inject
    ReplicaIdentity replica;
    @Inject
    SessionConfig sessions;
    @Inject
    ReplicaConfig replicas;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry meters;

    private final MutableClock clock = MutableClock.shared();

    @BeforeEach
    @AfterEach
    void onlyThisReplica() {
        clock.reset();
        Sql.execute(dataSource, "delete from replica_heartbeat where replica_id like ?", OTHERS);
        heartbeat.beat(); // other tests in this application run at the whole cap again
    }

    @Test
    void aHeartbeatWritesThisReplicasRowAtTheCurrentTime() {
        clock.advance(Duration.ofMinutes(3));
        Instant before = clock.instant();

        heartbeat.beat();

        Instant lastSeen = Sql.queryInstant(dataSource, "select last_seen from replica_heartbeat where replica_id = ?", replica.id());
        assertThat(lastSeen).isBetween(before, clock.instant());
    }

    @Test
    void theLocalRateIsTheCapDividedByTheReplicasAliveThisOneIncluded() {
        assertThat(rate.perSecond()).as("alone").isEqualTo(sessions.stsCallsPerSecond());

        otherReplica(1, clock.instant());
        otherReplica(2, clock.instant().minusSeconds(1));
        otherReplica(3, clock.instant().minus(replicas.livenessWindow()).plusSeconds(1));
        heartbeat.beat();

        assertThat(rate.perSecond()).isEqualTo(sessions.stsCallsPerSecond() / 4);
        assertThat(meters.get("rolegate.sts.rate.share.per.second").gauge().value()).isEqualTo(sessions.stsCallsPerSecond() / 4);
        assertThat(meters.get("rolegate.replicas.alive").gauge().value()).isEqualTo(4);
    }

    @Test
    void replicasSilentForLongerThanTheWindowNoLongerCountAndLongDeadOnesAreDeleted() {
        otherReplica(1, clock.instant());
        otherReplica(2, clock.instant().minus(replicas.livenessWindow()).minusSeconds(1));
        otherReplica(3, clock.instant().minus(replicas.livenessWindow().multipliedBy(2)).minusSeconds(1));

        heartbeat.beat();

        assertThat(rate.perSecond()).as("this replica and other-replica-1").isEqualTo(sessions.stsCallsPerSecond() / 2);
        assertThat(Sql.queryLong(dataSource, "select count(*) from replica_heartbeat where replica_id like ?", OTHERS))
                .as("the silent row stays until twice the window, then goes").isEqualTo(2);
    }

    @Test
    void theRateFollowsReplicasLeaving() {
        otherReplica(1, clock.instant());
        heartbeat.beat();
        assertThat(rate.perSecond()).isEqualTo(sessions.stsCallsPerSecond() / 2);

        Sql.execute(dataSource, "delete from replica_heartbeat where replica_id like ?", OTHERS);
        heartbeat.beat();

        assertThat(rate.perSecond()).isEqualTo(sessions.stsCallsPerSecond());
    }

    private void otherReplica(int n, Instant lastSeen) {
        Sql.execute(dataSource, "insert into replica_heartbeat (replica_id, last_seen) values (?, ?)", "other-replica-" + n,
                Timestamp.from(lastSeen));
    }
}
