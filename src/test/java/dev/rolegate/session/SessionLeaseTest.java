package dev.rolegate.session;

import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.testsupport.Workers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cold fetch never waits long on a session lease another replica holds: a live holder's result arrives
 * shortly, a dead holder's lease lapses within seconds, and meanwhile the caller gets a 503 it may retry.
 */
@QuarkusTest
class SessionLeaseTest {

    /** Only turns a hang into a failure; the answer is expected within the request's few-second budget. */
    private static final Duration HANG = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SessionConfig config;
    @Inject
    LeaseKeeper leases;

    private final FakeSts sts = FakeStsResource.fake();
    private final MutableClock clock = MutableClock.shared();
    private String project;
    private UUID account;
    private Workers.Token worker;

    @BeforeEach
    void connectedAccountWithAGrantedWorker() {
        clock.reset();
        sts.reset();
        project = newProject();
        account = Accounts.connected(sts, project, randomRoleArn(), 3600, 3600);
        worker = Workers.newToken(project);
        Workers.grant(project, worker, account);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aColdRequestAnswers503WithRetryAfterInsteadOfWaitingOutAnotherReplicasLease() {
        leasedByAnotherReplica(clock.instant().plus(Duration.ofMinutes(1)));

        ValidatableResponse answer = assertTimeoutPreemptively(HANG, () -> containerCredentials());

        answer.statusCode(503).header("Retry-After", notNullValue()).body("code", equalTo("ServiceUnavailable"));
        assertThat(sts.calls("AssumeRole")).as("the lease still keeps this replica from calling STS").hasSize(1);
    }

    @Test
    void aLeaseLastsOnlySecondsSoADeadHoldersLeaseLapsesQuickly() {
        assertThat(config.lease()).isLessThanOrEqualTo(Duration.ofSeconds(15));
        leasedByAnotherReplica(clock.instant().plus(config.lease()));

        clock.advance(config.lease().plusSeconds(1));

        assertTimeoutPreemptively(HANG, () -> containerCredentials()).statusCode(200);
    }

    @Test
    void aLeaseIsRenewedWhileItsHolderStillWorksOnItAndNoLongerOnceItIsDone() {
        SessionKey key = SessionKey.unscoped(account);
        Instant shortly = clock.instant().plusSeconds(2).truncatedTo(ChronoUnit.MICROS);
        leasedBy("replica-at-work", shortly);
        leases.hold(key, "replica-at-work");
        leases.hold(key, "replica-at-work"); // a request and a scheduled refresh on the same replica

        leases.renewAll();
        Instant renewed = leaseUntil();
        leases.release(key);
        leases.renewAll();
        Instant stillHeld = leaseUntil();
        leases.release(key);
        Sql.execute(dataSource, "update aws_session set lease_until = ? where account_id = ?", Timestamp.from(shortly), account);
        leases.renewAll();

        assertThat(renewed).isAfterOrEqualTo(shortly.minusSeconds(2).plus(config.lease()));
        assertThat(stillHeld).as("one piece of work still holds it").isAfterOrEqualTo(renewed);
        assertThat(leaseUntil()).as("nobody holds it any more").isEqualTo(shortly);
    }

    private Instant leaseUntil() {
        return Sql.queryInstant(dataSource, "select lease_until from aws_session where account_id = ?", account);
    }

    private void leasedByAnotherReplica(Instant until) {
        leasedBy("replica-that-died", until);
    }

    private void leasedBy(String owner, Instant until) {
        Instant now = clock.instant();
        Sql.execute(dataSource, """
                insert into aws_session (id, account_id, scope_hash, failure_count, next_attempt_at, last_used_at, created_at, lease_owner, lease_until)
                values (?, ?, '', 0, ?, ?, ?, ?, ?)""",
                UUID.randomUUID(), account, Timestamp.from(until), Timestamp.from(now), Timestamp.from(now), owner, Timestamp.from(until));
    }

    private ValidatableResponse containerCredentials() {
        return given().header("Authorization", worker.secret()).get("/v1/container-credentials/{p}/{a}", project, account).then();
    }
}
