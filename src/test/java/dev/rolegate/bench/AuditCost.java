package dev.rolegate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What the audit costs over one phase of a benchmark: the application's own audit metrics (batches, entries, time to
 * insert and commit a batch) from {@code /q/metrics}, and the WAL PostgreSQL wrote and flushed, for the whole cluster,
 * so other databases' writes count too. The WAL bytes are exact (from the WAL position); the writes, syncs, records and
 * commits come from statistics a backend publishes at most once a second, so they are right to within about a second
 * of load at each end of the phase ({@code pg_stat_wal}: PostgreSQL 14 and later). A figure that cannot be read is
 * reported as unavailable rather than failing the benchmark.
 */
final class AuditCost {

    private static final String[] METRICS = {"rolegate_audit_batch_size_count", "rolegate_audit_batch_size_sum", "rolegate_audit_write_seconds_count",
            "rolegate_audit_write_seconds_sum"};

    private AuditCost() {
    }

    /** Counters at one moment; a null array means that source could not be read. */
    record Snapshot(double[] metrics, long[] wal) {
    }

    static Snapshot snapshot(HttpClient http, String base, DataSource database) {
        return new Snapshot(metrics(http, base), wal(database));
    }

    /** The figures between two snapshots, as report lines. */
    static String between(Snapshot before, Snapshot after) {
        boolean metrics = before.metrics() != null && after.metrics() != null;
        boolean wal = before.wal() != null && after.wal() != null;
        double batches = metrics ? after.metrics()[0] - before.metrics()[0] : Double.NaN;
        double entries = metrics ? after.metrics()[1] - before.metrics()[1] : Double.NaN;
        double seconds = metrics ? after.metrics()[3] - before.metrics()[3] : Double.NaN;
        String audit = !metrics ? "unavailable" : String.format("%.0f batches, %.0f entries, average batch %.1f entries, "
                + "average write (insert + commit) %.3f ms per batch, %.1f µs of write time per issuance, %.2f s of writing in all",
                batches, entries, entries / batches, 1000 * seconds / batches, 1e6 * seconds / entries, seconds);
        String walLine = !wal ? "unavailable" : String.format("%d bytes (%.0f per audited issuance), %d records, %d writes, %d syncs (%.2f per audit batch); "
                + "commits: %d in this database, %d in the whole cluster", after.wal()[0] - before.wal()[0], (after.wal()[0] - before.wal()[0]) / entries,
                after.wal()[3] - before.wal()[3], after.wal()[1] - before.wal()[1], after.wal()[2] - before.wal()[2],
                (after.wal()[2] - before.wal()[2]) / batches, after.wal()[4] - before.wal()[4], after.wal()[5] - before.wal()[5]);
        return "audit during the measured hot run (/q/metrics): " + audit + "\nWAL during the measured hot run (pg_stat_wal, whole cluster): " + walLine;
    }

    /** The audit counters named in METRICS, in that order; null if /q/metrics could not be read. */
    private static double[] metrics(HttpClient http, String base) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            double[] values = new double[METRICS.length];
            for (int i = 0; i < METRICS.length; i++) {
                values[i] = sum(response.body(), METRICS[i]);
            }
            return values;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The sum of every series of {@code name} in a Prometheus text exposition; NaN if there is none. */
    private static double sum(String exposition, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)").matcher(exposition);
        double total = 0;
        boolean found = false;
        while (m.find()) {
            try {
                total += Double.parseDouble(m.group(1));
                found = true;
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return found ? total : Double.NaN;
    }

    /**
     * The WAL position in bytes (exact), then pg_stat_wal's wal_write, wal_sync and wal_records, and the commits in this
     * database and in the whole cluster (which show whether anything else was writing); null where they cannot be read.
     */
    private static long[] wal(DataSource database) {
        try (Connection c = database.getConnection(); Statement select = c.createStatement();
                ResultSet rs = select.executeQuery("""
                        select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, wal_write, wal_sync, wal_records,
                               (select xact_commit from pg_stat_database where datname = current_database()),
                               (select sum(xact_commit) from pg_stat_database)
                        from pg_stat_wal""")) {
            return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)} : null;
        } catch (SQLException e) {
            return null;
        }
    }
}
