package dev.rolegate.session;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import dev.rolegate.account.AccountStatus;
import dev.rolegate.aws.StsCallException;
import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeSts.Scripted;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.Sql;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session engine against the fake STS, with time driven by {@link MutableClock}. */
@QuarkusTest
class SessionEngineTest {

    private static final Duration NO_MINIMUM = Duration.ZERO;
    private static final String READ_S3_POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

    @Inject
    SessionService sessions;
    @Inject
    RefreshRunner runner;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry meters;
    @Inject
    SessionStore store;

    private final FakeSts sts = FakeStsResource.fake();
    private final MutableClock clock = MutableClock.shared();
    private String project;

    @BeforeEach
    void fresh() {
        clock.reset();
        drainDueSessions();
        sts.reset();
        project = newProject();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void coldRequestAssumesTheRoleOnceAndTheNextIsServedFromMemory() {
        UUID account = connected(3600);
        CachedSession first = sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
        CachedSession second = sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);

        assertThat(refreshCalls()).isEqualTo(1);
        assertThat(second.credentials()).isEqualTo(first.credentials());
        FakeSts.Call call = sts.calls("AssumeRole").get(1);
        assertThat(call.parameters()).containsEntry("DurationSeconds", "3600");
        assertThat(call.parameters().get("RoleSessionName")).startsWith("rolegate-" + project + "-");
        assertThat(storedSecretsAreCiphertext(account, first)).isTrue();
    }

    @Test
    void twoHundredConcurrentColdRequestsCauseExactlyOneAssumeRole() throws Exception {
        UUID account = connected(3600);
        sts.enqueue("AssumeRole", Scripted.delay(300));
        List<CachedSession> results = concurrently(200, () -> sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM));

        assertThat(refreshCalls()).isEqualTo(1);
        assertThat(results).extracting(s -> s.credentials().accessKeyId()).containsOnly(results.get(0).credentials().accessKeyId());
    }

    @Test
    void minimumValidityBeyondWhatTheCurrentSessionHasForcesAnInlineRefresh() {
        UUID account = connected(3600);
        CachedSession first = sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
        clock.advance(Duration.ofMinutes(40));

        CachedSession second = sessions.credentials(SessionKey.unscoped(account), Duration.ofMinutes(30));

        assertThat(refreshCalls()).isEqualTo(2);
        assertThat(second.expiresAt()).isAfter(first.expiresAt());
        assertThat(Duration.between(clock.instant(), second.expiresAt())).isGreaterThanOrEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aScheduledRefreshFailingForAnyReasonIsRecordedWithBackoffAndCounted() {
        UUID account = connected(900);
        CachedSession first = sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
        // The External ID no longer decrypts: no STS failure at all, and the refresh must be recorded all the same.
        Sql.execute(dataSource, "update aws_account set external_id_ciphertext = ? where id = ?", new byte[48], account);
        double before = refreshFailures("internal");

        clock.setTo(first.refreshAt().plusSeconds(1));
        runner.runOnce("replica-a");

        assertThat(failureCount(account)).isEqualTo(1);
        assertThat(nextAttempt(account)).isAfter(clock.instant());
        assertThat(refreshFailures("internal")).isEqualTo(before + 1);
        assertThat(sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM).credentials()).as("still served").isEqualTo(first.credentials());
    }

    @Test
    void schedulerRefreshesAtRefreshAtAndNotBefore() {
        UUID account = connected(900);
        CachedSession first = sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
        assertThat(first.refreshAt()).isBefore(first.staleAt());

        clock.setTo(first.refreshAt().minusSeconds(5));
        runner.runOnce("replica-a");
        assertThat(refreshCalls()).as("nothing is due before refresh_at").isEqualTo(1);

        clock.setTo(first.refreshAt().plusMillis(10));
        runner.runOnce("replica-a");
        assertThat(refreshCalls()).isEqualTo(2);

        CachedSession renewed = sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
        assertThat(renewed.credentials().accessKeyId()).isNotEqualTo(first.credentials().accessKeyId());
        assertThat(renewed.expiresAt()).isAfter(first.expiresAt());
        assertThat(refreshCalls()).as("the hot path picked up the scheduler's refresh without STS").isEqualTo(2);
    }

    @Test
    void transientRefreshFailureKeepsTheValidSessionInServiceUntilStale() {
        UUID account = connected(900);
        CachedSession first = sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
        sts.enqueue("AssumeRole", Scripted.serviceUnavailable(), Scripted.serviceUnavailable(), Scripted.serviceUnavailable());

        clock.setTo(first.refreshAt().plusSeconds(1));
        runner.runOnce("replica-a");

        assertThat(failureCount(account)).isEqualTo(1);
        assertThat(nextAttempt(account)).isAfter(clock.instant());
        assertThat(sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM).credentials()).isEqualTo(first.credentials());
        asPortal().get("/q/health/ready").then().statusCode(200);
        asPortal().get("/q/health/group/sts").then().statusCode(503).body("checks[0].status", equalTo("DOWN"));
    }

    @Test
    void aSessionIsNeverServedAtOrAfterItsStalePoint() {
        UUID account = connected(900);
        CachedSession first = sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
        sts.enqueue("AssumeRole", Scripted.serviceUnavailable(), Scripted.serviceUnavailable(), Scripted.serviceUnavailable());

        clock.setTo(first.staleAt());

        assertThatThrownBy(() -> sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM)).isInstanceOf(StsCallException.class);
    }

    @Test
    void accessDeniedOnRefreshRevokesTheAccountPurgesItsSessionsAndStopsRefreshing() {
        String roleArn = randomRoleArn();
        UUID account = Accounts.connected(sts, project, roleArn, 900, 3600);
        CachedSession first = sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
        double revocationsBefore = meters.counter("rolegate.account.revocations").count();
        sts.deleteRole(roleArn);

        clock.setTo(first.refreshAt().plusSeconds(1));
        runner.runOnce("replica-a");

        assertThat(sessionRows(account)).isZero();
        assertThat(meters.counter("rolegate.account.revocations").count()).isEqualTo(revocationsBefore + 1);
        asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, account).then().body("status", equalTo("ACCESS_DENIED"));
        asPortal().get("/v1/projects/{p}/aws-accounts/{a}/status-history", project, account).then()
                .body("[-1].from", equalTo("CONNECTED")).body("[-1].to", equalTo("ACCESS_DENIED"));
        assertThatThrownBy(() -> sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM))
                .isInstanceOfSatisfying(AccountNotServableException.class, e -> assertThat(e.status()).isEqualTo(AccountStatus.ACCESS_DENIED));

        int calls = sts.calls("AssumeRole").size();
        clock.advance(Duration.ofHours(1));
        runner.runOnce("replica-a");
        assertThat(sts.calls("AssumeRole")).hasSize(calls);
    }

    @Test
    void idleSessionsAreNotRefreshedAndAreDeletedAfterExpiry() {
        UUID account = connected(900);
        sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
        runner.runOnce("replica-a"); // stores the use
        clock.advance(Duration.ofMinutes(61));

        runner.runOnce("replica-a");

        assertThat(refreshCalls()).isEqualTo(1);
        assertThat(sessionRows(account)).isZero();
    }

    @Test
    void disconnectingAnAccountPurgesItsSessionsAtOnce() {
        UUID account = connected(900);
        sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
        assertThat(sessionRows(account)).isEqualTo(1);

        asPortal().delete("/v1/projects/{p}/aws-accounts/{a}", project, account).then().statusCode(204);

        assertThat(sessionRows(account)).isZero();
        assertThatThrownBy(() -> sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM)).isInstanceOf(AccountNotServableException.class);
    }

    @Test
    void durationAboveTheRolesMaximumFallsBackToOneHourAndIsRecorded() {
        UUID account = Accounts.connected(sts, project, randomRoleArn(), 7200, 3600);

        CachedSession session = sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);

        assertThat(sts.calls("AssumeRole")).extracting(c -> c.parameters().get("DurationSeconds")).containsSubsequence("7200", "3600");
        assertThat(Duration.between(clock.instant(), session.expiresAt())).isLessThanOrEqualTo(Duration.ofHours(1));
        asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, account).then()
                .body("sessionDurationSeconds", equalTo(7200)).body("effectiveSessionDurationSeconds", equalTo(3600));
    }

    @Test
    void twoSchedulerInstancesNeverRefreshTheSameSessionTwice() throws Exception {
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID account = connected(900);
            sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
            accounts.add(account);
        }
        int before = sts.calls("AssumeRole").size();
        sts.enqueue("AssumeRole", Scripted.delay(200), Scripted.delay(200), Scripted.delay(200));
        clock.advance(Duration.ofMinutes(11));

        List<Integer> claimed = concurrently(2, new Callable<>() {
            private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public Integer call() {
                return runner.runOnce("replica-" + n.incrementAndGet());
            }
        });

        assertThat(claimed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(12);
        assertThat(sts.calls("AssumeRole").size() - before).isEqualTo(12);
        for (UUID account : accounts) {
            assertThat(failureCount(account)).isZero();
        }
    }

    @Test
    void scopedRequestsGetTheirOwnSessionWhichTheSchedulerRefreshesWithTheSamePolicy() {
        UUID account = connected(900);
        SessionScope scope = SessionScope.of(READ_S3_POLICY, List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        CachedSession full = sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
        CachedSession scoped = sessions.credentials(account, scope, NO_MINIMUM);

        assertThat(scoped.credentials().accessKeyId()).isNotEqualTo(full.credentials().accessKeyId());
        assertThat(sessionRows(account)).isEqualTo(2);
        assertThat(sessions.credentials(account, scope, NO_MINIMUM).credentials()).isEqualTo(scoped.credentials());
        assertThat(refreshCalls()).isEqualTo(2);

        clock.setTo(scoped.refreshAt().plusSeconds(1));
        runner.runOnce("replica-a");

        List<FakeSts.Call> scopedCalls = sts.calls("AssumeRole").stream().filter(c -> c.parameters().containsKey("Policy")).toList();
        assertThat(scopedCalls).hasSize(2).allSatisfy(c -> {
            assertThat(c.parameters()).containsEntry("Policy", READ_S3_POLICY);
            assertThat(FakeSts.policyArns(c.parameters())).containsExactly("arn:aws:iam::aws:policy/ReadOnlyAccess");
        });
    }

    @Test
    void aPolicyStsCallsMalformedIsTheCallersErrorAndLeavesNoSession() {
        UUID account = connected(900);
        // Well-formed enough to pass rolegate's own checks; STS judges the grammar of the statements.
        SessionScope scope = SessionScope.of("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Perhaps\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}",
                List.of());
        sts.enqueue("AssumeRole", Scripted.stsError(400, "MalformedPolicyDocument", "Syntax errors in policy."));

        assertThatThrownBy(() -> sessions.credentials(account, scope, NO_MINIMUM))
                .isInstanceOfSatisfying(StsCallException.class, e -> assertThat(e.errorCode()).isEqualTo("MalformedPolicyDocument"));
        assertThat(sessionRows(account)).isZero();
        assertThat(sts.calls("AssumeRole")).extracting(FakeSts.Call::errorCode).containsOnlyOnce("MalformedPolicyDocument");
    }

    @Test
    void metricsExposeStsOutcomesAndSessionStates() {
        UUID account = connected(900);
        sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
        clock.advance(Duration.ofSeconds(6)); // past the gauges' snapshot age, whoever scraped last

        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).containsPattern("rolegate_sts_calls_total\\{[^}]*operation=\"AssumeRole\"[^}]*outcome=\"success\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("rolegate_sessions\\{state=\"fresh\"} [1-9]");
        assertThat(metrics).contains("rolegate_session_refresh_backlog", "rolegate_session_soonest_expiry_seconds", "rolegate_session_refresh_latency_seconds");
    }

    @Test
    void soonestExpiryCountsOnlySessionsInUse() {
        UUID account = connected(3600);
        sessions.credentials(SessionKey.unscoped(account), NO_MINIMUM);
        Instant now = clock.instant();
        Instant expiresAt = now.plusSeconds(3600);

        assertThat(store.stats(now).soonestExpiry()).as("a session used just now counts").isNotNull().isBeforeOrEqualTo(expiresAt);
        assertThat(store.stats(now.plus(Duration.ofDays(36500))).soonestExpiry()).as("sessions idle past idle-timeout do not").isNull();
    }

    // ---- helpers ---------------------------------------------------------------------------

    private UUID connected(int durationSeconds) {
        return Accounts.connected(sts, project, randomRoleArn(), durationSeconds, 43200);
    }

    /** AssumeRole calls other than the registration's verification. */
    private double refreshFailures(String reason) {
        var counter = meters.find("rolegate.session.refresh.failures").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private long refreshCalls() {
        return sts.calls("AssumeRole").stream().filter(c -> !c.parameters().get("RoleSessionName").endsWith("-verify")).count();
    }

    /** Lets earlier tests' sessions leave the due queue so they cannot disturb this one. */
    private void drainDueSessions() {
        Sql.execute(dataSource, "delete from aws_session");
    }

    private static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private boolean storedSecretsAreCiphertext(UUID account, CachedSession session) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select secret_ciphertext, token_ciphertext, access_key_id from aws_session where account_id = ?")) {
            ps.setObject(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String secret = new String(rs.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1);
                String token = new String(rs.getBytes(2), java.nio.charset.StandardCharsets.ISO_8859_1);
                return rs.getString(3).equals(session.credentials().accessKeyId())
                        && !secret.contains(session.credentials().secretAccessKey())
                        && !token.contains(session.credentials().sessionToken().substring(0, 40));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long sessionRows(UUID account) {
        return Sql.queryLong(dataSource, "select count(*) from aws_session where account_id = ?", account);
    }

    private long failureCount(UUID account) {
        return Sql.queryLong(dataSource, "select failure_count from aws_session where account_id = ?", account);
    }

    private Instant nextAttempt(UUID account) {
        return Sql.queryInstant(dataSource, "select next_attempt_at from aws_session where account_id = ?", account);
    }
}
