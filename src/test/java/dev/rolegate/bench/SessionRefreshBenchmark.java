package dev.rolegate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.account.AwsAccount;
import dev.rolegate.crypto.SealedSecret;
import dev.rolegate.crypto.SecretBox;
import dev.rolegate.session.CachedSession;
import dev.rolegate.session.SessionKey;
import dev.rolegate.session.SessionService;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Scale benchmark of the refresh-ahead scheduler (issue: session engine). Not part of ./mvnw verify;
 * run it with the command in docs/benchmarks.md. Real time throughout: 900 s sessions, 100 ms fake STS
 * latency, 50 AssumeRole/s cap, the real scheduler ticking every 5 s, and a probe calling the hot path.
 */
@QuarkusTest
@TestProfile(SessionRefreshBenchmark.Profile.class)
class SessionRefreshBenchmark {

    private static final int ACCOUNTS = Integer.getInteger("bench.accounts", 10_000);
    private static final int SESSION_SECONDS = 900;
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 1500));
    private static final String PROJECT = "bench";

    /** Production-like scheduler settings. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.scheduler.enabled", "true",
                    "rolegate.session.sts-calls-per-second", "50",
                    "rolegate.session.tick", "5s",
                    "rolegate.session.idle-timeout", "3h",
                    "rolegate.sts.attempt-timeout", "PT5S",
                    "quarkus.datasource.jdbc.max-size", "24",
                    "quarkus.test.hang-detection-timeout", "60m");
        }
    }

    @Inject
    SessionService sessions;
    @Inject
    SecretBox secrets;
    @Inject
    AgroalDataSource dataSource;

    private final FakeSts sts = FakeStsResource.fake();

    @Test
    void tenThousandAccountsStayFreshOverTwoRefreshCycles() throws Exception {
        sts.reset();
        List<UUID> accounts = seedConnectedAccounts();
        sts.setLatency(100);
        Instant warmStart = Instant.now();
        warmUp(accounts);
        Duration warmUp = Duration.between(warmStart, Instant.now());
        int callsAfterWarmUp = sts.calls("AssumeRole").size();

        Report report = observe(accounts);
        String explain = explainIdleClaim();
        String text = report.render(ACCOUNTS, warmUp, callsAfterWarmUp, explain);
        Files.createDirectories(Path.of("target", "benchmarks"));
        Files.writeString(Path.of("target", "benchmarks", "session-refresh.txt"), text);
        Files.writeString(Path.of("target", "benchmarks", "session-refresh-samples.csv"), report.csv());
        System.out.println(text);

        assertThat(report.maxStaleInService).as("sessions left in service beyond stale_at").isZero();
        assertThat(report.servedBeyondStale.get()).as("sessions served beyond stale_at").isZero();
        assertThat(report.minRefreshesPerSession).as("every session went through two refresh cycles").isGreaterThanOrEqualTo(2);
    }

    private List<UUID> seedConnectedAccounts() throws SQLException {
        List<UUID> ids = new ArrayList<>(ACCOUNTS);
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into project (id, display_name, created_at, updated_at, version) values ('" + PROJECT
                        + "', 'Benchmark', now(), now(), 0) on conflict do nothing");
            }
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into aws_account (id, project_id, name, aws_account_id, role_arn, external_id_key_id, external_id_ciphertext,
                      external_id_origin, region, session_duration_seconds, status, created_at, updated_at, version)
                    values (?, ?, ?, ?, ?, ?, ?, 'GENERATED', 'eu-west-1', ?, 'CONNECTED', ?, ?, 0)""")) {
                for (int i = 0; i < ACCOUNTS; i++) {
                    UUID id = UUID.randomUUID();
                    String awsAccount = String.format("%012d", 100_000_000_000L + i);
                    String roleArn = "arn:aws:iam::" + awsAccount + ":role/RolegateAccess-bench";
                    String externalId = "bench-external-id-" + i;
                    SealedSecret sealed = secrets.seal(externalId, AwsAccount.externalIdContext(id));
                    sts.createRole(roleArn, externalId, 43200);
                    insert.setObject(1, id);
                    insert.setString(2, PROJECT);
                    insert.setString(3, "bench-" + i);
                    insert.setString(4, awsAccount);
                    insert.setString(5, roleArn);
                    insert.setString(6, sealed.keyId());
                    insert.setBytes(7, sealed.ciphertext());
                    insert.setInt(8, SESSION_SECONDS);
                    insert.setTimestamp(9, Timestamp.from(now));
                    insert.setTimestamp(10, Timestamp.from(now));
                    insert.addBatch();
                    ids.add(id);
                }
                insert.executeBatch();
            }
            c.commit();
        }
        return ids;
    }

    /** Every account asked for at once: the cold herd, paced by the 50/s cap. */
    private void warmUp(List<UUID> accounts) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        accounts.forEach(id -> pool.submit(() -> sessions.credentials(SessionKey.unscoped(id), Duration.ZERO)));
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
    }

    private Report observe(List<UUID> accounts) throws Exception {
        Report report = new Report();
        Instant end = Instant.now().plus(RUN);
        ExecutorService probe = Executors.newFixedThreadPool(4);
        int lastCalls = sts.calls("AssumeRole").size();
        long[] lastDb = dbCounters();
        while (Instant.now().isBefore(end)) {
            for (int i = 0; i < 20; i++) {
                UUID id = accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
                probe.submit(() -> report.probe(sessions.credentials(SessionKey.unscoped(id), Duration.ZERO)));
            }
            TimeUnit.SECONDS.sleep(1);
            int calls = sts.calls("AssumeRole").size();
            long[] db = dbCounters();
            report.sample(calls - lastCalls, stale(), backlog(), db[0] - lastDb[0], db[1] - lastDb[1]);
            lastCalls = calls;
            lastDb = db;
        }
        probe.shutdown();
        probe.awaitTermination(1, TimeUnit.MINUTES);
        report.minRefreshesPerSession = minRefreshes(accounts.size());
        return report;
    }

    private long minRefreshes(int accounts) {
        Map<String, Long> perRole = new java.util.HashMap<>();
        sts.calls("AssumeRole").forEach(c -> perRole.merge(c.parameters().get("RoleArn"), 1L, Long::sum));
        long min = perRole.values().stream().mapToLong(Long::longValue).min().orElse(0);
        return perRole.size() < accounts ? 0 : min - 1;
    }

    private long stale() throws SQLException {
        return queryLong("select count(*) from aws_session where access_key_id is not null and stale_at <= now()");
    }

    private long backlog() throws SQLException {
        return queryLong("select count(*) from aws_session where next_attempt_at <= now()");
    }

    /** Transactions committed in the database and index scans of aws_session, both cumulative. */
    private long[] dbCounters() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("select (select xact_commit from pg_stat_database where datname = current_database()),"
                    + " (select coalesce(idx_scan, 0) + coalesce(seq_scan, 0) from pg_stat_user_tables where relname = 'aws_session')")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private String explainIdleClaim() throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("analyze aws_session");
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    explain (analyze, buffers, costs off)
                    update aws_session s set lease_owner = 'explain', lease_until = now()
                     where s.id in (select id from aws_session
                                     where next_attempt_at <= now() - interval '1 hour' and (lease_until is null or lease_until < now())
                                     order by next_attempt_at limit 200 for update skip locked)
                    returning s.account_id, s.scope_hash""")) {
                while (rs.next()) {
                    plan.append("    ").append(rs.getString(1)).append('\n');
                }
            }
            c.rollback();
        }
        return plan.toString();
    }

    private long queryLong(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Per-second samples and the probe's findings. */
    static final class Report {
        final List<long[]> samples = new ArrayList<>();
        final AtomicLong probes = new AtomicLong();
        final AtomicLong servedBeyondStale = new AtomicLong();
        long maxStaleInService;
        long minRefreshesPerSession;

        void probe(CachedSession session) {
            probes.incrementAndGet();
            if (!Instant.now().isBefore(session.staleAt())) {
                servedBeyondStale.incrementAndGet();
            }
        }

        void sample(long refreshes, long stale, long backlog, long transactions, long sessionScans) {
            samples.add(new long[] {refreshes, stale, backlog, transactions, sessionScans});
            maxStaleInService = Math.max(maxStaleInService, stale);
        }

        String render(int accounts, Duration warmUp, int warmUpCalls, String explain) {
            long refreshes = samples.stream().mapToLong(s -> s[0]).sum();
            long peakRate = samples.stream().mapToLong(s -> s[0]).max().orElse(0);
            long peakBacklog = samples.stream().mapToLong(s -> s[2]).max().orElse(0);
            double ticks = samples.size() / 5.0;
            double txPerTick = samples.stream().mapToLong(s -> s[3]).sum() / ticks;
            double scansPerTick = samples.stream().mapToLong(s -> s[4]).sum() / ticks;
            return "accounts: " + accounts + ", session length " + SESSION_SECONDS + " s, fake STS latency 100 ms, cap 50 AssumeRole/s, tick 5 s\n"
                    + "warm-up (cold herd, all accounts at once): " + warmUpCalls + " AssumeRole in " + warmUp.toSeconds() + " s = "
                    + String.format("%.1f", warmUpCalls / (double) Math.max(1, warmUp.toSeconds())) + "/s\n"
                    + "observed " + samples.size() + " s: " + refreshes + " scheduled refreshes, mean "
                    + String.format("%.1f", refreshes / (double) Math.max(1, samples.size())) + "/s, peak " + peakRate + "/s\n"
                    + "refresh cycles completed by every session: " + minRefreshesPerSession + "\n"
                    + "backlog (due, not yet refreshed): peak " + peakBacklog + "\n"
                    + "sessions in the database past stale_at: max " + maxStaleInService + "\n"
                    + "hot-path probes: " + probes.get() + ", served at/after stale_at: " + servedBeyondStale.get() + "\n"
                    + String.format("database work per 5 s tick, probe included: %.1f transactions, %.1f aws_session scans%n", txPerTick, scansPerTick)
                    + "EXPLAIN of the claim when nothing is due:\n" + explain;
        }

        String csv() {
            StringBuilder out = new StringBuilder("second,refreshes,stale_in_db,backlog,transactions,aws_session_scans\n");
            for (int i = 0; i < samples.size(); i++) {
                long[] s = samples.get(i);
                out.append(i).append(',').append(s[0]).append(',').append(s[1]).append(',').append(s[2]).append(',').append(s[3]).append(',').append(s[4]).append('\n');
            }
            return out.toString();
        }
    }
}
