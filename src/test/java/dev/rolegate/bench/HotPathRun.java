package dev.rolegate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.account.AwsAccount;
import dev.rolegate.crypto.SealedSecret;
import dev.rolegate.crypto.SecretBox;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.PortalApi;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.testsupport.Workers;
import java.io.IOException;
import java.net.URI;
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
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The broker hot-path benchmark (docs/benchmarks.md, "Broker hot path") against one running application, however it
 * was started: {@link BrokerLoadBenchmark} runs it in a {@code @QuarkusTest}, {@link PackagedBrokerLoadBenchmark}
 * against the packaged production jar. Accounts are seeded with SQL in {@code database} (their external ids sealed by
 * {@code secrets}, which must hold the application's key), so the first issuance of each is its first AssumeRole.
 * The project, worker token and grant go through the portal API at REST Assured's defaults, which must point at the
 * application. wrk and every request stay on 127.0.0.1.
 */
final class HotPathRun {

    static final int ACCOUNTS = 100;
    private static final String DURATION = System.getProperty("bench.wrk.duration", "30s");
    private static final String WARM_UP = System.getProperty("bench.wrk.warm-up", "15s");
    private static final String TRIVIAL = "/setup/cloudformation/rolegate-role.yaml";
    /** The server settings that decide what a durable audit commit costs, printed with every report. */
    private static final List<String> POSTGRES_SETTINGS = List.of("synchronous_commit", "fsync", "wal_sync_method", "wal_init_zero",
            "wal_recycle", "full_page_writes", "commit_delay", "shared_buffers", "wal_buffers", "max_wal_size", "ssl");
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern P99 = Pattern.compile("99%\\s+([\\d.]+)(us|ms|s)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private final String base;
    private final DataSource database;
    private final SecretBox secrets;
    private final FakeSts sts;
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(64)).build();

    HotPathRun(int port, DataSource database, SecretBox secrets, FakeSts sts) {
        this.base = "http://127.0.0.1:" + port;
        this.database = database;
        this.secrets = secrets;
        this.sts = sts;
    }

    /**
     * Seeds, warms and measures the trivial endpoint and the hot path with wrk, then the cold start and the durability
     * check; writes the report to target/benchmarks/{@code reportFile}, prints it, and checks the STS, cold-start and
     * durability figures.
     */
    void runAndCheck(String setup, String reportFile) throws Exception {
        sts.reset();
        String project = PortalApi.newProject();
        List<UUID> accounts = seed(project, ACCOUNTS + 1);
        UUID cold = accounts.remove(accounts.size() - 1);
        Workers.Token worker = Workers.newToken(project);
        Workers.grant(project, worker);
        for (UUID account : accounts) {
            send(project, account, worker.secret());
        }
        int callsAfterWarmUp = sts.calls("AssumeRole").size();

        // Each endpoint is warmed (JIT, pools, and for the hot path its caches) right before it is measured. Measured after
        // the trivial run instead, the hot path would start with every cache entry expired by 30 s without a reader.
        wrk(base + TRIVIAL, null, project, accounts, WARM_UP);
        String trivial = wrk(base + TRIVIAL, null, project, accounts, DURATION);
        wrk(base, worker.secret(), project, accounts, WARM_UP);
        AuditCost.Snapshot beforeHot = AuditCost.snapshot(http, base, database);
        String hot = wrk(base, worker.secret(), project, accounts, DURATION);
        AuditCost.Snapshot afterHot = AuditCost.snapshot(http, base, database);
        int stsCallsDuringWrk = sts.calls("AssumeRole").size() - callsAfterWarmUp;

        int coldCalls = coldStart(project, cold, worker.secret());
        long auditBefore = auditRows(project);
        Durability durability = durability(project, accounts, worker.secret(), 20_000, 32);
        long auditAdded = auditRows(project) - auditBefore;

        String report = "setup: " + setup + "\n" + postgres() + "\n"
                + report(trivial, hot, callsAfterWarmUp, stsCallsDuringWrk, coldCalls, durability, auditAdded, AuditCost.between(beforeHot, afterHot));
        Files.createDirectories(Path.of("target", "benchmarks"));
        Files.writeString(Path.of("target", "benchmarks", reportFile), report);
        System.out.println(report);

        assertThat(coldCalls).as("AssumeRole calls for 500 concurrent cold requests").isEqualTo(1);
        assertThat(durability.ok()).as("every durability request succeeded").isEqualTo(durability.sent());
        assertThat(auditAdded).as("audit rows equal 2xx responses").isEqualTo(durability.ok());
        assertThat(callsAfterWarmUp + stsCallsDuringWrk).as("AssumeRole calls for the whole load").isLessThanOrEqualTo(ACCOUNTS);
    }

    private List<UUID> seed(String project, int count) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        Instant now = Instant.now();
        try (Connection c = database.getConnection(); PreparedStatement insert = c.prepareStatement("""
                insert into aws_account (id, project_id, name, aws_account_id, role_arn, external_id_key_id, external_id_ciphertext,
                  external_id_origin, region, session_duration_seconds, status, created_at, updated_at, version)
                values (?, ?, ?, ?, ?, ?, ?, 'GENERATED', 'eu-west-1', 3600, 'CONNECTED', ?, ?, 0)""")) {
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                String awsAccount = String.format("%012d", 300_000_000_000L + i);
                String roleArn = "arn:aws:iam::" + awsAccount + ":role/RolegateAccess-load";
                String externalId = "load-external-id-" + UUID.randomUUID();
                SealedSecret sealed = secrets.seal(externalId, AwsAccount.externalIdContext(id));
                sts.createRole(roleArn, externalId, 3600);
                insert.setObject(1, id);
                insert.setString(2, project);
                insert.setString(3, "load-" + i);
                insert.setString(4, awsAccount);
                insert.setString(5, roleArn);
                insert.setString(6, sealed.keyId());
                insert.setBytes(7, sealed.ciphertext());
                insert.setTimestamp(8, Timestamp.from(now));
                insert.setTimestamp(9, Timestamp.from(now));
                insert.addBatch();
                ids.add(id);
            }
            insert.executeBatch();
        }
        return ids;
    }

    private static String wrk(String url, String token, String project, List<UUID> accounts, String duration) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c32", "-d" + duration, "--latency"));
        if (token != null) {
            command.addAll(List.of("-s", Path.of("scripts", "rotate-accounts.lua").toAbsolutePath().toString()));
        }
        command.add(url);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (token != null) {
            builder.environment().put("WRK_TOKEN", token);
            builder.environment().put("WRK_PROJECT", project);
            builder.environment().put("WRK_ACCOUNTS", accounts.stream().map(UUID::toString).collect(Collectors.joining(",")));
        }
        Process wrk = builder.start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(wrk.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return output;
    }

    private int coldStart(String project, UUID account, String token) {
        int before = sts.calls("AssumeRole").size();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            all.add(http.sendAsync(request(project, account, token), HttpResponse.BodyHandlers.ofString()));
        }
        all.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
        return sts.calls("AssumeRole").size() - before;
    }

    private Durability durability(String project, List<UUID> accounts, String token, int requests, int concurrency) throws InterruptedException {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int t = 0; t < concurrency; t++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    if (send(project, accounts.get(i % accounts.size()), token) == 200) {
                        ok.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return new Durability(requests, ok.get());
    }

    private int send(String project, UUID account, String token) throws IOException, InterruptedException {
        return http.send(request(project, account, token), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest request(String project, UUID account, String token) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/container-credentials/" + project + "/" + account)).header("Authorization", token).build();
    }

    /** The server's version and the settings that matter here, each with where its value comes from (pg_settings.source). */
    private String postgres() throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement select = c.prepareStatement("""
                select version(), name, current_setting(name), source from pg_settings where name = any(?) order by array_position(?, name)""")) {
            String[] names = POSTGRES_SETTINGS.toArray(String[]::new);
            select.setArray(1, c.createArrayOf("text", names));
            select.setArray(2, c.createArrayOf("text", names));
            StringBuilder text = new StringBuilder();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (text.isEmpty()) {
                        text.append(rs.getString(1)).append("\nPostgreSQL settings (value, source):");
                    }
                    text.append(String.format("%n  %-18s %-10s %s", rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return text.toString();
        }
    }

    private long auditRows(String project) {
        return Sql.queryLong(database, "select count(*) from audit_event where project_id = ? and action = 'CREDENTIALS_ISSUED'", project);
    }

    private static String report(String trivial, String hot, int warmUpCalls, int loadCalls, int coldCalls, Durability durability, long auditAdded,
            String auditCost) {
        double trivialRps = number(RPS, trivial);
        double hotRps = number(RPS, hot);
        return String.format("""
                wrk -t2 -c32 -d%s (warm-up %s before each), loopback, audit writers %s
                trivial endpoint (GET %s): %.0f req/s, p99 %s
                hot path (GET /v1/container-credentials/<project>/<account>, 100 accounts, audited): %.0f req/s, p99 %s, non-2xx %s of %s
                hot path / trivial: %.0f %%
                AssumeRole: %d while warming 100 accounts, %d during both wrk warm-ups and the measured load
                cold start: 500 concurrent first requests for one account -> %d AssumeRole
                durability: %d requests (32 concurrent), %d answered 2xx, %d audit rows added
                %s
                --- raw wrk output (trivial) ---
                %s
                --- raw wrk output (hot path) ---
                %s""", DURATION, WARM_UP, System.getProperty("bench.audit.writers", System.getProperty("bench.env.ROLEGATE_AUDIT_WRITERS", "1 (default)")), TRIVIAL, trivialRps, p99(trivial), hotRps, p99(hot),
                group(NON_2XX, hot, "0"), group(TOTAL, hot, "?"), 100 * hotRps / trivialRps, warmUpCalls, loadCalls, coldCalls, durability.sent(),
                durability.ok(), auditAdded, auditCost, trivial, hot);
    }

    private static double number(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String p99(String text) {
        Matcher m = P99.matcher(text);
        return m.find() ? m.group(1) + m.group(2) : "?";
    }

    private static String group(Pattern pattern, String text, String otherwise) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : otherwise;
    }

    record Durability(int sent, int ok) {
    }
}
