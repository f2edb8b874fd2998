package dev.rolegate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.RestartablePostgres;
import dev.rolegate.testsupport.Sql;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V8 on a database that already holds audit rows (migrated to V7 and written to first): every row stays, in the legacy
 * partition, ids go on from the same sequence, and the daily partitions start where the legacy one ends.
 */
class AuditPartitionMigrationTest {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private static RestartablePostgres postgres;
    private static DataSource db;
    private static List<String> rowsBefore;
    private static long lastIdBefore;

    @BeforeAll
    static void migrateWithRowsInTheOldTable() throws Exception {
        postgres = RestartablePostgres.start();
        db = postgres.dataSource();
        flyway("7").migrate();
        Instant now = Instant.now();
        for (Instant at : List.of(Instant.parse("2019-06-01T12:00:00Z"), now.minus(40, ChronoUnit.DAYS), now.minusSeconds(5), now)) {
            Sql.execute(db, "insert into audit_event (occurred_at, actor, action, account_id) values (?, ?, 'CREDENTIALS_ISSUED', gen_random_uuid())",
                    java.sql.Timestamp.from(at), "before-" + at);
        }
        rowsBefore = rows();
        lastIdBefore = Sql.queryLong(db, "select max(id) from audit_event");
        flyway(null).migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void everyRowIsKeptAsItWasInTheLegacyPartition() {
        assertThat(rows()).isEqualTo(rowsBefore).hasSize(4);
        assertThat(Sql.queryLong(db, "select count(*) from audit_event where actor like 'before-%' and tableoid <> 'audit_event_legacy'::regclass")).isZero();
    }

    @Test
    void theLegacyPartitionEndsWhereTheFirstDailyPartitionStarts() {
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        assertThat(Sql.queryInstant(db, "select range_end from rolegate_audit_partitions() where partition_name = 'audit_event_legacy'"))
                .isEqualTo(tomorrow.atStartOfDay(ZoneOffset.UTC).toInstant());
        LocalDate today = tomorrow.minusDays(1);
        for (int day = 1; day <= 7; day++) {
            String name = "audit_event_p" + today.plusDays(day).format(DAY);
            assertThat(Sql.queryString(db, "select to_regclass(?)::text", name)).as(name).isEqualTo(name);
        }
        assertThat(Sql.queryString(db, "select to_regclass(?)::text", "audit_event_p" + tomorrow.minusDays(1).format(DAY)))
                .as("today is the legacy partition's").isNull();
    }

    @Test
    void idsGoOnFromTheSameSequenceInTheNewPartitions() {
        Instant tomorrowNoon = LocalDate.now(ZoneOffset.UTC).plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC);
        long id = Sql.queryLong(db, "insert into audit_event (occurred_at, actor, action) values (?, 'after', 'CREDENTIALS_ISSUED') returning id",
                java.sql.Timestamp.from(tomorrowNoon));
        assertThat(id).isGreaterThan(lastIdBefore);
        assertThat(Sql.queryString(db, "select tableoid::regclass::text from audit_event where id = ?", id))
                .isEqualTo("audit_event_p" + LocalDate.now(ZoneOffset.UTC).plusDays(1).format(DAY));
    }

    @Test
    void theKeyIsTimeThenIdAndTheSeparateTimeIndexIsGone() {
        assertThat(Sql.queryString(db, "select pg_get_constraintdef(oid) from pg_constraint where conname = 'audit_event_pkey'"))
                .isEqualTo("PRIMARY KEY (occurred_at, id)");
        assertThat(Sql.queryString(db, "select to_regclass('ix_audit_event_time')::text")).isNull();
        assertThat(Sql.queryString(db, "select to_regclass('ix_audit_event_account')::text")).isEqualTo("ix_audit_event_account");
        assertThat(Sql.queryString(db, "select pg_get_serial_sequence('audit_event', 'id')")).isEqualTo("public.audit_event_id_seq");
    }

    private static Flyway flyway(String target) {
        var config = Flyway.configure().dataSource(db).locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }

    /** Every row written before V8, as text, in id order. */
    private static List<String> rows() {
        List<String> rows = new ArrayList<>();
        try (var c = db.getConnection(); var s = c.createStatement();
                var rs = s.executeQuery("select id, occurred_at, actor, action, account_id from audit_event where actor like 'before-%' order by id")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getObject(2) + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
