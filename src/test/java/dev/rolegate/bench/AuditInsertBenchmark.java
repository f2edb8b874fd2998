package dev.rolegate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The two ways the audit writer has stored a batch, side by side on the embedded PostgreSQL: a JDBC
 * batch of single-row inserts plus a commit (the earlier writer), and one INSERT ... SELECT FROM
 * unnest of column arrays in autocommit (the current one). Both with synchronous_commit on. Reports
 * the median wall time and server CPU per 8-entry batch over five alternating rounds. Not part of
 * ./mvnw verify; the command is in docs/benchmarks.md.
 */
@QuarkusTest
class AuditInsertBenchmark {

    private static final int ROWS = 8;
    private static final int BATCHES = 2_000;
    private static final int ROUNDS = 5;
    private static final String COLUMNS = "occurred_at, actor, action, project_id, account_id, scope_hash, access_key_id, expiration, client_address, request_id, detail";
    private static final String SINGLE_ROW = "insert into audit_event (" + COLUMNS + ") values (?::timestamptz, ?, ?, ?, ?::uuid, ?, ?, ?::timestamptz, ?, ?, ?)";
    private static final String UNNEST = "insert into audit_event (" + COLUMNS + ") select occurred_at::timestamptz, actor, action, project_id,"
            + " account_id::uuid, scope_hash, access_key_id, expiration::timestamptz, client_address, request_id, detail"
            + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
            + " as e(" + COLUMNS + ")";

    @Inject
    AgroalDataSource dataSource;

    private interface Writer {
        void write(Connection connection, String[][] columns) throws SQLException;
    }

    @Test
    void unnestInAutocommitAgainstABatchOfInsertsWithACommit() throws Exception {
        List<double[]> batch = new ArrayList<>();
        List<double[]> unnest = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            batch.add(measure(AuditInsertBenchmark::jdbcBatch, false));
            unnest.add(measure(AuditInsertBenchmark::unnest, true));
        }
        String report = String.format("""
                audit insert, %d entries per batch, %d batches per round, median of %d rounds, synchronous_commit on
                JDBC batch + commit:  wall %.0f us/batch, server CPU %.0f us/batch
                unnest, autocommit:   wall %.0f us/batch, server CPU %.0f us/batch
                """, ROWS, BATCHES, ROUNDS, median(batch, 0), median(batch, 1), median(unnest, 0), median(unnest, 1));
        Files.createDirectories(Path.of("target", "benchmarks"));
        Files.writeString(Path.of("target", "benchmarks", "audit-insert.txt"), report);
        System.out.println(report);

        assertThat(median(unnest, 1)).as("server CPU per batch, unnest vs JDBC batch").isLessThan(median(batch, 1));
    }

    private double[] measure(Writer writer, boolean autoCommit) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(autoCommit);
            try (Statement s = c.createStatement()) {
                s.execute("set synchronous_commit = on");
            }
            int backend = backendPid(c);
            for (int i = 0; i < BATCHES / 10; i++) {
                writer.write(c, columns());
            }
            long cpuBefore = cpuTicks(backend);
            long start = System.nanoTime();
            for (int i = 0; i < BATCHES; i++) {
                writer.write(c, columns());
            }
            long wall = System.nanoTime() - start;
            long ticks = cpuTicks(backend) - cpuBefore;
            c.setAutoCommit(true);
            return new double[] {wall / 1e3 / BATCHES, ticks * 10_000.0 / BATCHES};
        }
    }

    private static void jdbcBatch(Connection c, String[][] columns) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(SINGLE_ROW)) {
            for (int row = 0; row < ROWS; row++) {
                for (int column = 0; column < columns.length; column++) {
                    insert.setString(column + 1, columns[column][row]);
                }
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        }
    }

    private static void unnest(Connection c, String[][] columns) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(UNNEST)) {
            for (int column = 0; column < columns.length; column++) {
                insert.setArray(column + 1, c.createArrayOf("text", columns[column]));
            }
            insert.executeUpdate();
        }
    }

    private static String[][] columns() {
        String[][] columns = new String[11][ROWS];
        for (int row = 0; row < ROWS; row++) {
            Instant now = Instant.now();
            String[] values = {now.toString(), "bench-" + UUID.randomUUID(), "CREDENTIALS_ISSUED", "bench-audit-insert", UUID.randomUUID().toString(), "",
                    "ASIABENCH" + row, now.plusSeconds(3600).toString(), "127.0.0.1", UUID.randomUUID().toString(), null};
            for (int column = 0; column < values.length; column++) {
                columns[column][row] = values[column];
            }
        }
        return columns;
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** utime + stime of a local PostgreSQL backend, in clock ticks (10 ms). */
    private static long cpuTicks(int pid) throws Exception {
        String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat")).split(" ");
        return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }

    private static double median(List<double[]> rounds, int index) {
        double[] values = rounds.stream().mapToDouble(r -> r[index]).sorted().toArray();
        return values[values.length / 2];
    }
}
