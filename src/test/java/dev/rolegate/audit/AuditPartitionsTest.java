package dev.rolegate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolegate.testsupport.RestartablePostgres;
import dev.rolegate.testsupport.Sql;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Partition maintenance against a real PostgreSQL, run as the application's DML-only role set up as README's
 * "Database roles" says: the functions V8 created are its only way to create or drop a partition.
 */
class AuditPartitionsTest {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String APP = "rolegate_app_test";

    private static RestartablePostgres postgres;
    private static DataSource owner;
    private static DataSource app;

    @BeforeAll
    static void migrateWithADmlOnlyApplicationRole() throws Exception {
        postgres = RestartablePostgres.start();
        owner = postgres.dataSource();
        Sql.execute(owner, "create role " + APP + " login password 'test'");
        Sql.execute(owner, "grant usage on schema public to " + APP);
        Sql.execute(owner, "alter default privileges in schema public grant select, insert, update, delete on tables to " + APP);
        Sql.execute(owner, "alter default privileges in schema public grant usage, select on sequences to " + APP);
        Flyway.configure().dataSource(owner).locations("classpath:db/migration").load().migrate();
        PGSimpleDataSource asApp = (PGSimpleDataSource) postgres.dataSource();
        asApp.setUser(APP);
        asApp.setPassword("test");
        app = asApp;
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void theApplicationRoleEnsuresPartitionsAheadThroughTheFunction() throws SQLException {
        Instant end = new AuditPartitions(app).ensure(12);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // The end of the newest partition: other tests may have ensured further ahead in this database.
        assertThat(end).isAfterOrEqualTo(today.plusDays(13).atStartOfDay(ZoneOffset.UTC).toInstant());
        for (int day = 1; day <= 12; day++) {
            assertThat(exists(today.plusDays(day))).as("today + %d", day).isTrue();
        }
    }

    @Test
    void ensuringIsIdempotentAndSafeFromTwoReplicasAtOnce() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<Instant>> replicas = List.of(ensureAfter(together, 30), ensureAfter(together, 30));

        Instant first = replicas.get(0).get();
        assertThat(replicas.get(1).get()).isEqualTo(first);
        assertThat(new AuditPartitions(app).ensure(30)).isEqualTo(first);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(Sql.queryLong(owner, "select count(*) from rolegate_audit_partitions() where range_end > ? and range_end <= ?",
                Timestamp.from(today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()), Timestamp.from(first)))
                .as("one partition per day up to the end").isEqualTo(30);
    }

    @Test
    void theApplicationRoleMayAppendAndReadButNotChangeRowsOrPartitions() throws SQLException {
        Instant tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).atTime(6, 0).toInstant(ZoneOffset.UTC);
        Sql.execute(app, "insert into audit_event (occurred_at, actor, action) values (?, 'app-role', 'CREDENTIALS_ISSUED')", Timestamp.from(tomorrow));
        assertThat(Sql.queryLong(app, "select count(*) from audit_event where actor = 'app-role'")).isEqualTo(1);

        String partition = "audit_event_p" + LocalDate.now(ZoneOffset.UTC).plusDays(1).format(DAY);
        for (String refused : List.of("update audit_event set actor = 'forged' where actor = 'app-role'",
                "delete from audit_event where actor = 'app-role'", "truncate audit_event", "select count(*) from " + partition,
                "delete from " + partition, "drop table " + partition, "select rolegate_audit_partition_create(current_date + 60)")) {
            assertThatThrownBy(() -> Sql.execute(app, refused)).as(refused).hasRootCauseInstanceOf(SQLException.class)
                    .rootCause().extracting(e -> ((SQLException) e).getSQLState()).isIn("42501", "42809");
        }
        assertThat(Sql.queryLong(owner, "select count(*) from audit_event where actor = 'app-role'")).isEqualTo(1);
    }

    @Test
    void aCutoffLessThanThirtyDaysAgoIsRefusedByTheDatabase() {
        assertThatThrownBy(() -> new AuditPartitions(app).retireOldestBefore(Instant.now().minus(Duration.ofDays(29))))
                .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
        assertThatThrownBy(() -> AuditPartitionMaintenance.validate(config(7, true, Duration.ofDays(30))))
                .hasMessageContaining("rolegate.audit.retention.period");
    }

    @Test
    void retentionDropsExactlyThePartitionsWhollyOlderThanTheCutoff() throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // As on a database migrated long ago: the legacy partition is gone, older days have partitions of their own.
        Sql.execute(owner, "drop table if exists audit_event_legacy");
        new AuditPartitions(app).ensure(7);
        List<LocalDate> old = List.of(today.minusDays(40), today.minusDays(34), today.minusDays(33));
        for (LocalDate day : old) {
            Sql.queryString(owner, "select rolegate_audit_partition_create(?::date)::text", day.toString());
            Sql.execute(owner, "insert into audit_event (occurred_at, actor, action) values (?, 'retention', 'CREDENTIALS_ISSUED')",
                    Timestamp.from(day.atTime(12, 0).toInstant(ZoneOffset.UTC)));
        }
        // Now lies within today, so the cutoff lies within today - 33: that day's partition is not wholly past it.
        Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        new AuditPartitionMaintenance(new AuditPartitions(app), config(7, true, Duration.ofDays(33)), clock, meters).check();

        assertThat(exists(today.minusDays(40))).isFalse();
        assertThat(exists(today.minusDays(34))).isFalse();
        assertThat(exists(today.minusDays(33))).isTrue();
        assertThat(exists(today)).isTrue();
        assertThat(meters.get("rolegate.audit.partitions.dropped").counter().count()).isEqualTo(2);
        assertThat(Sql.queryLong(owner, "select count(*) from audit_event where actor = 'retention'")).isEqualTo(1);
        assertThat(Sql.queryLong(owner, "select count(*) from pg_class where relname like 'audit\\_event\\_retired\\_%'"))
                .as("retired partitions left undropped").isZero();
    }

    @Test
    void aSecondReplicaDroppingRetiredPartitionsMeanwhileSkipsInsteadOfFailing() throws Exception {
        List<String> retired = List.of("audit_event_retired_t1", "audit_event_retired_t2", "audit_event_retired_t3");
        for (String table : retired) {
            Sql.execute(owner, "create table " + table + " (like audit_event)");
        }
        CompletableFuture<Integer> first;
        try (Connection reader = owner.getConnection()) {
            // A query still reading a retired table holds the first replica inside its drop, with the tables listed.
            reader.setAutoCommit(false);
            try (var s = reader.createStatement()) {
                s.execute("lock table audit_event_retired_t2 in access share mode");
            }
            first = CompletableFuture.supplyAsync(AuditPartitionsTest::dropRetiredAsApp);
            awaitWaitingForALock();

            // Bounded: a second replica that waited behind the first would wait as long as the reader.
            assertThat(CompletableFuture.supplyAsync(AuditPartitionsTest::dropRetiredAsApp).get(10, TimeUnit.SECONDS))
                    .as("the second replica, while the first drops").isZero();
            reader.commit();
        }

        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(3);
        for (String table : retired) {
            assertThat(Sql.queryString(owner, "select to_regclass(?)::text", table)).as(table).isNull();
        }
    }

    @Test
    void aPartitionDetachedByHandIsNeverDropped() throws SQLException {
        LocalDate kept = LocalDate.now(ZoneOffset.UTC).minusDays(200);
        Sql.execute(owner, "drop table if exists audit_event_legacy");
        Sql.queryString(owner, "select rolegate_audit_partition_create(?::date)::text", kept.toString());
        Sql.execute(owner, "alter table audit_event detach partition audit_event_p" + kept.format(DAY));

        new AuditPartitionMaintenance(new AuditPartitions(app), config(7, true, Duration.ofDays(31)), Clock.systemUTC(), new SimpleMeterRegistry())
                .check();

        assertThat(exists(kept)).as("an operator's detached copy").isTrue();
        Sql.execute(owner, "drop table audit_event_p" + kept.format(DAY)); // not to be seen by other tests
    }

    @Test
    void disabledRetentionDropsNothing() throws SQLException {
        LocalDate longAgo = LocalDate.now(ZoneOffset.UTC).minusDays(1000);
        Sql.execute(owner, "drop table if exists audit_event_legacy");
        Sql.queryString(owner, "select rolegate_audit_partition_create(?::date)::text", longAgo.toString());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        new AuditPartitionMaintenance(new AuditPartitions(app), config(7, false, Duration.ofDays(31)), Clock.systemUTC(), meters).check();

        assertThat(exists(longAgo)).isTrue();
        assertThat(meters.get("rolegate.audit.partitions.dropped").counter().count()).isZero();
        Sql.execute(owner, "drop table audit_event_p" + longAgo.format(DAY)); // not to be counted by the retention test
    }

    @Test
    void theGaugeShowsHowFarAheadPartitionsExist() {
        Instant now = Instant.now();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new AuditPartitionMaintenance(new AuditPartitions(app), config(9, false, Duration.ofDays(400)), Clock.fixed(now, ZoneOffset.UTC), meters)
                .check();

        Instant end = LocalDate.now(ZoneOffset.UTC).plusDays(10).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(meters.get("rolegate.audit.partitions.ahead.seconds").gauge().value())
                .isGreaterThanOrEqualTo(Duration.between(now, end).toSeconds());
    }

    @Test
    void aDatabaseThatCannotBeReachedIsCountedNotThrown() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {1});
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditPartitionMaintenance maintenance = new AuditPartitionMaintenance(new AuditPartitions(nowhere), config(7, true, Duration.ofDays(400)),
                Clock.systemUTC(), meters);

        maintenance.check();

        assertThat(meters.get("rolegate.audit.partitions.failures").tag("step", "ensure").counter().count()).isEqualTo(1);
        assertThat(meters.get("rolegate.audit.partitions.failures").tag("step", "drop").counter().count()).isEqualTo(1);
        assertThat(meters.get("rolegate.audit.partitions.ahead.seconds").gauge().value()).isZero();
    }

    @Test
    void theHotPathInsertLandsEachRowInItsDaysPartitionAcrossMidnight() throws SQLException {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(2);
        Instant lastMoment = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000);
        Instant midnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        try (AuditBatchWriter writer = new AuditBatchWriter(app, Duration.ofMillis(100))) {
            writer.write(List.of(entry(lastMoment, "before-midnight"), entry(midnight, "at-midnight")));
        }

        assertThat(Sql.queryString(owner, "select tableoid::regclass::text from audit_event where request_id = 'before-midnight'"))
                .isEqualTo("audit_event_p" + day.format(DAY));
        assertThat(Sql.queryString(owner, "select tableoid::regclass::text from audit_event where request_id = 'at-midnight'"))
                .isEqualTo("audit_event_p" + day.plusDays(1).format(DAY));
    }

    private static AuditEntry entry(Instant at, String requestId) {
        return AuditEntry.builder(at, "midnight-test", AuditAction.CREDENTIALS_ISSUED).request("127.0.0.1", requestId).build();
    }

    private static int dropRetiredAsApp() {
        try {
            return new AuditPartitions(app).dropRetired();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitWaitingForALock() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (Sql.queryLong(owner, "select count(*) from pg_stat_activity where usename = ? and wait_event_type = 'Lock'", APP) > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the first replica never waited for the retired table's lock");
    }

    private static CompletableFuture<Instant> ensureAfter(CyclicBarrier together, int days) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                together.await();
                return new AuditPartitions(app).ensure(days);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static boolean exists(LocalDate day) {
        return Sql.queryString(owner, "select to_regclass(?)::text", "audit_event_p" + day.format(DAY)) != null;
    }

    private static AuditConfig config(int daysAhead, boolean retain, Duration period) {
        return TestPartitionConfig.audit(daysAhead, retain, period);
    }
}
