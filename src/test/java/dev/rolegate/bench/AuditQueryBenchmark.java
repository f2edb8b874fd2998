package dev.rolegate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.audit.AuditCursor;
import dev.rolegate.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The audit query at depth, the old way and the new, on one table of {@code bench.rows} entries (default 1,500,000,
 * made with generate_series): the 1,000th page of 50 with OFFSET plus count(*) (the listing before cursors) against
 * the keyset read that follows a next link, unfiltered, by account and by actor; page 1 and page 1,000 over HTTP beside a
 * constant document; and the
 * export's throughput with the heap sampled while it streams. Not part of ./mvnw verify; the command is in
 * docs/benchmarks.md.
 */
@QuarkusTest
class AuditQueryBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 1_500_000);
    private static final int REPEAT = 20;
    private static final int LIMIT = 50;
    private static final int DEEP_PAGE = 1_000;
    private static final int ACCOUNTS = 20;
    private static final int ACTORS = 25;
    private static final int GC_EVERY = 50_000;
    private static final String COLUMNS = "id, occurred_at, actor, action, project_id, account_id, scope_hash, access_key_id, expiration, client_address, request_id, detail";

    @Inject
    AgroalDataSource dataSource;
    @TestHTTPResource("/v1/audit/export")
    URI exportUri;
    @TestHTTPResource("/v1/audit")
    URI listUri;
    @TestHTTPResource("/setup/cloudformation/rolegate-role.yaml")
    URI trivialUri;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String token = TestTokens.portal();

    private final StringBuilder report = new StringBuilder();

    @Test
    void deepPagesByKeysetAgainstOffsetAndExportThroughput() throws Exception {
        long seeded = seed();
        line("audit_event: %,d rows (%,d seeded in %.1f s), %d accounts, %d actors; page size %d, page %,d; %d runs each, p50 / max in ms",
                count(), ROWS, seeded / 1e9, ACCOUNTS, ACTORS, LIMIT, DEEP_PAGE, REPEAT);
        String account = "bench-account-3";
        http("", null); // warm-up
        httpBaseline();
        compare("unfiltered", "", List.of(), "");
        compare("account", " where account_id = md5(?)::uuid", List.of(account), "accountId=" + uuidOf(account));
        compare("actor", " where actor = ?", List.of("bench-actor-7"), "actor=bench-actor-7");
        export("warm-up, a hundredth of the time range", "from=" + at(ROWS * 99 / 100) + "&to=" + at(ROWS));
        export("account (1/20 of the table)", "accountId=" + uuidOf(account));
        export("unfiltered, a tenth of the time range", "from=" + at(ROWS * 9 / 10) + "&to=" + at(ROWS));
        export("unfiltered, half of the time range", "from=" + at(ROWS / 2) + "&to=" + at(ROWS));

        Files.createDirectories(Path.of("target", "benchmarks"));
        Files.writeString(Path.of("target", "benchmarks", "audit-query.txt"), report);
        System.out.println(report);
    }

    // ---- the table -------------------------------------------------------------------------------

    /** Two entries per time (so ties are broken by id), 1.7 s apart: 1.5 million span about two weeks. */
    private long seed() throws SQLException {
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("set statement_timeout = 0");
            s.execute("insert into audit_event (occurred_at, actor, action, project_id, account_id, request_id, client_address)"
                    + " select timestamptz '2020-01-01T00:00:00Z' + (g / 2) * interval '3400 milliseconds', 'bench-actor-' || (g % " + ACTORS + "),"
                    + " 'CREDENTIALS_ISSUED', 'bench', md5('bench-account-' || (g % " + ACCOUNTS + "))::uuid, 'bench-' || g, '127.0.0.1'"
                    + " from generate_series(1, " + ROWS + ") g");
            s.execute("analyze audit_event");
        }
        return System.nanoTime() - start;
    }

    private String at(int g) {
        return OffsetDateTime.parse("2020-01-01T00:00:00Z").plusNanos((g / 2) * 3_400_000_000L).toInstant().toString();
    }

    // ---- page 1,000: OFFSET and count against keyset ---------------------------------------------

    private void compare(String name, String where, List<Object> parameters, String filter) throws Exception {
        String order = " order by occurred_at desc, id desc";
        long[] offset = new long[REPEAT];
        long[] keyset = new long[REPEAT];
        try (Connection c = dataSource.getConnection()) {
            Object[] cursor = cursorBefore(c, where, parameters, (long) (DEEP_PAGE - 1) * LIMIT);
            String keysetWhere = (where.isEmpty() ? " where " : where + " and ") + "(occurred_at, id) < (?, ?)";
            for (int i = 0; i < REPEAT; i++) {
                long start = System.nanoTime();
                int old = rows(c, "select count(*) from audit_event" + where, parameters)
                        + rows(c, "select " + COLUMNS + " from audit_event" + where + order + " limit " + LIMIT + " offset " + (long) (DEEP_PAGE - 1) * LIMIT,
                        parameters);
                offset[i] = System.nanoTime() - start;
                start = System.nanoTime();
                int fresh = rows(c, "select " + COLUMNS + " from audit_event" + keysetWhere + order + " limit " + (LIMIT + 1),
                        keysetParameters(parameters, cursor));
                keyset[i] = System.nanoTime() - start;
                assertThat(old).as("the count's row and a full page").isEqualTo(1 + LIMIT);
                assertThat(fresh).as("a full page and one more").isEqualTo(LIMIT + 1);
            }
            line("page %,d, %-10s  SQL: OFFSET + count(*): %8.1f / %8.1f    keyset: %6.2f / %6.2f    plan: %s", DEEP_PAGE, name, ms(p50(offset)), ms(max(offset)),
                    ms(p50(keyset)), ms(max(keyset)), plan(c, "select " + COLUMNS + " from audit_event" + keysetWhere + order + " limit " + (LIMIT + 1),
                            keysetParameters(parameters, cursor)));
            String token = new AuditCursor(((OffsetDateTime) cursor[0]).toInstant(), (Long) cursor[1]).encode();
            long[] first = http(filter, null);
            long[] deep = http(filter, token);
            line("page 1 and page %,d, %-10s over HTTP: %6.2f / %6.2f and %6.2f / %6.2f", DEEP_PAGE, name, ms(p50(first)), ms(max(first)),
                    ms(p50(deep)), ms(max(deep)));
        }
    }

    /** GET /v1/audit with the filter, the limit and the cursor (none: the first page), as a client following next links sends it. */
    private long[] http(String filter, String cursor) throws Exception {
        String query = "?limit=" + LIMIT + (filter.isEmpty() ? "" : "&" + filter) + (cursor == null ? "" : "&cursor=" + cursor);
        return http(URI.create(listUri + query), "\"next\":\"/v1/audit?");
    }

    private long[] http(URI uri, String expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build();
        long[] took = new long[REPEAT];
        for (int i = 0; i < REPEAT; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            took[i] = System.nanoTime() - start;
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains(expected);
        }
        return took;
    }

    /** A constant document over the same HTTP stack: what the machine's load alone costs a request. */
    private void httpBaseline() throws Exception {
        long[] took = http(trivialUri, "AWSTemplateFormatVersion");
        line("HTTP baseline, GET /setup/cloudformation/rolegate-role.yaml (a constant): %.2f / %.2f", ms(p50(took)), ms(max(took)));
    }

    private static List<Object> keysetParameters(List<Object> parameters, Object[] cursor) {
        List<Object> all = new ArrayList<>(parameters);
        all.addAll(Arrays.asList(cursor));
        return all;
    }

    /** The position of the last entry of the page before the deep one: what its next link carries. */
    private static Object[] cursorBefore(Connection c, String where, List<Object> parameters, long skipped) throws SQLException {
        try (PreparedStatement s = prepare(c, "select occurred_at, id from audit_event" + where + " order by occurred_at desc, id desc offset " + (skipped - 1)
                + " limit 1", parameters); ResultSet rs = s.executeQuery()) {
            rs.next();
            return new Object[] {rs.getObject(1, OffsetDateTime.class), rs.getLong(2)};
        }
    }

    private static int rows(Connection c, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters); ResultSet rs = s.executeQuery()) {
            int rows = 0;
            while (rs.next()) {
                rows++;
            }
            return rows;
        }
    }

    /** The plan's index line, to show the keyset read is an index range scan. */
    private static String plan(Connection c, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, "explain " + sql, parameters); ResultSet rs = s.executeQuery()) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                String text = rs.getString(1).trim();
                if (text.contains("Scan")) {
                    lines.add(text.replaceAll("\\s+\\(cost.*", "").replaceFirst("^->\\s*", ""));
                }
            }
            return String.join("; ", lines);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> parameters) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            s.setObject(i + 1, parameters.get(i));
        }
        return s;
    }

    // ---- HTTP ------------------------------------------------------------------------------------

    /**
     * Streams an export and reads it to the end, pausing every {@value #GC_EVERY} lines to run a full GC and note the
     * heap still in use: what the export retains, not the garbage it leaves between collections.
     */
    private void export(String name, String query) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        long retainedMin = Long.MAX_VALUE;
        long retainedMax = 0;
        long gcNanos = 0;
        long start = System.nanoTime();
        long lines = 0;
        long bytes = 0;
        HttpRequest request = HttpRequest.newBuilder(URI.create(exportUri + "?" + query.replace(":", "%3A")))
                .header("Authorization", "Bearer " + token).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                bytes += line.length() + 1;
                if (lines % GC_EVERY == 0) {
                    long gcStart = System.nanoTime();
                    System.gc();
                    long used = memory.getHeapMemoryUsage().getUsed();
                    gcNanos += System.nanoTime() - gcStart;
                    retainedMin = Math.min(retainedMin, used);
                    retainedMax = Math.max(retainedMax, used);
                }
            }
        }
        long took = System.nanoTime() - start - gcNanos;
        line("export, %-40s %,9d lines, %6.1f MB in %5.1f s: %,8.0f lines/s; heap after GC: %d MB before, %s MB while streaming",
                name, lines, bytes / 1e6, took / 1e9, lines / (took / 1e9), baseline >> 20,
                retainedMax == 0 ? "-" : (retainedMin >> 20) + "-" + (retainedMax >> 20));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private long count() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from audit_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String uuidOf(String account) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, "select md5(?)::uuid", List.of(account)); ResultSet rs = s.executeQuery()) {
            rs.next();
            return URLEncoder.encode(rs.getString(1), StandardCharsets.UTF_8);
        }
    }

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static long p50(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long max(long[] nanos) {
        return Arrays.stream(nanos).max().orElse(0);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
