package dev.rolegate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * V8 on a database that already holds audit rows (migrated to V7 and written to first): every row stays, in the legacy
 * partition, ids go on from the same sequence, and the daily partitions start where the legacy one ends. Days are the
 * database's (UTC), read before and after the migration, so a run across midnight accepts either day.
 */
class AuditPartitionMigrationTest {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private static RestartablePostgres postgres;
    private static DataSource db;
    private static List<String> rowsBefore;
    private static long lastIdBefore;
    /** The database's UTC day just before and just after V8 ran: the migration's own day is one of them. */
    private static LocalDate dayBefore;
    private static LocalDate dayAfter;

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
        dayBefore = databaseDay(db);
        flyway(null).migrate();
        dayAfter = databaseDay(db);
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
    void theLegacyPartitionEndsWhereTheFirstDailyPartitionStartsTheDayAfterTheMigration() {
        LocalDate firstDay = firstDailyDay();
        assertThat(firstDay).isIn(dayBefore.plusDays(1), dayAfter.plusDays(1));
        for (int day = 0; day < 30; day++) {
            String name = "audit_event_p" + firstDay.plusDays(day).format(DAY);
            assertThat(Sql.queryString(db, "select to_regclass(?)::text", name)).as(name).isEqualTo(name);
        }
        assertThat(Sql.queryString(db, "select to_regclass(?)::text", "audit_event_p" + firstDay.minusDays(1).format(DAY)))
                .as("the migration's day is the legacy partition's").isNull();
    }

    @Test
    void idsGoOnFromTheSameSequenceInTheNewPartitions() {
        LocalDate firstDay = firstDailyDay();
        long id = Sql.queryLong(db, "insert into audit_event (occurred_at, actor, action) values (?, 'after', 'CREDENTIALS_ISSUED') returning id",
                java.sql.Timestamp.from(firstDay.atTime(12, 0).toInstant(ZoneOffset.UTC)));
        assertThat(id).isGreaterThan(lastIdBefore);
        assertThat(Sql.queryString(db, "select tableoid::regclass::text from audit_event where id = ?", id))
                .isEqualTo("audit_event_p" + firstDay.format(DAY));
    }

    @Test
    void aRowMoreThanADayAheadOfTheDatabasesClockFailsTheMigrationAndChangesNothing() {
        DataSource skewed = newDatabaseAtV7("skewed");
        Sql.execute(skewed, "insert into audit_event (occurred_at, actor, action) values (now(), 'on-time', 'CREDENTIALS_ISSUED')");
        Sql.execute(skewed, "insert into audit_event (occurred_at, actor, action) values (now() + interval '25 hours', 'skewed', 'CREDENTIALS_ISSUED')");

        assertThatThrownBy(() -> flyway(skewed, null).migrate()).isInstanceOf(FlywayException.class)
                .hasStackTraceContaining("more than a day after the database's clock");

        assertThat(Sql.queryString(skewed, "select relkind::text from pg_class where oid = 'audit_event'::regclass"))
                .as("still the plain table of V7").isEqualTo("r");
        assertThat(Sql.queryLong(skewed, "select count(*) from audit_event")).isEqualTo(2);
        assertThat(Sql.queryString(skewed, "select to_regclass('audit_event_legacy')::text")).isNull();
    }

    @Test
    void aRowLessThanADayAheadOfTheDatabasesClockStaysInTheLegacyPartition() {
        DataSource skewed = newDatabaseAtV7("slightly_skewed");
        Sql.execute(skewed, "insert into audit_event (occurred_at, actor, action) values (now() + interval '23 hours', 'fast-clock', 'CREDENTIALS_ISSUED')");
        LocalDate rowDay = LocalDate.parse(Sql.queryString(skewed, "select (occurred_at at time zone 'UTC')::date::text from audit_event"));
        LocalDate before = databaseDay(skewed);

        flyway(skewed, null).migrate();

        LocalDate after = databaseDay(skewed);
        Instant legacyEnd = Sql.queryInstant(skewed, "select range_end from rolegate_audit_partitions() where partition_name = 'audit_event_legacy'");
        assertThat(LocalDate.ofInstant(legacyEnd, ZoneOffset.UTC))
                .as("the day after the newest row or the migration, whichever is later: at most the day after tomorrow")
                .isIn(later(before, rowDay).plusDays(1), later(after, rowDay).plusDays(1));
        assertThat(Sql.queryString(skewed, "select tableoid::regclass::text from audit_event where actor = 'fast-clock'"))
                .isEqualTo("audit_event_legacy");
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
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
        return flyway(db, target);
    }

    private static Flyway flyway(DataSource dataSource, String target) {
        var config = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }

    private static DataSource newDatabaseAtV7(String name) {
        Sql.execute(db, "create database " + name);
        PGSimpleDataSource created = (PGSimpleDataSource) postgres.dataSource();
        created.setDatabaseName(name);
        flyway(created, "7").migrate();
        return created;
    }

    private static LocalDate databaseDay(DataSource dataSource) {
        return LocalDate.parse(Sql.queryString(dataSource, "select (now() at time zone 'UTC')::date::text"));
    }

    /** The first day with a daily partition: where the legacy partition ends. */
    private static LocalDate firstDailyDay() {
        Instant legacyEnd = Sql.queryInstant(db, "select range_end from rolegate_audit_partitions() where partition_name = 'audit_event_legacy'");
        assertThat(legacyEnd).as("the legacy partition ends at a UTC midnight")
                .isEqualTo(legacyEnd.truncatedTo(ChronoUnit.DAYS));
        return LocalDate.ofInstant(legacyEnd, ZoneOffset.UTC);
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
