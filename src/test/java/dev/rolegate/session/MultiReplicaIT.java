package dev.rolegate.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rolegate.account.AwsAccount;
import dev.rolegate.crypto.SealedSecret;
import dev.rolegate.crypto.SecretBox;
import dev.rolegate.crypto.TestSecretBoxes;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.PackagedApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two packaged rolegate processes share one PostgreSQL and both run the refresh scheduler. Every due
 * session is refreshed exactly once, a session leased by a replica that died is taken over only
 * after its lease has passed, and together they keep to one STS cap.
 */
class MultiReplicaIT {

    private static final int SESSIONS = 40;
    private static final int BUDGET_REPLICAS = Integer.getInteger("budget.replicas", 2);
    private static final int BUDGET_HERD = Integer.getInteger("budget.herd", 200);
    private static final int BUDGET_CAP = Integer.getInteger("budget.cap", 20);
    private static final String KEY_ID = "k1";

    private final FakeSts sts = new FakeSts();
    private final String key = PackagedApp.randomEncryptionKey();
    private final SecretBox secrets = TestSecretBoxes.withKey(KEY_ID, key);

    @Test
    void twoReplicasRefreshEachDueSessionExactlyOnceAndTakeOverDeadLeases() throws Exception {
        WireMockServer stsServer = FakeStsResource.serve(sts);
        sts.setLatency(150);
        try (EmbeddedPostgres db = EmbeddedPostgres.builder().start();
                PackagedApp a = PackagedApp.start(replicaEnvironment(db.getPort(), stsServer.port()))) {
            a.awaitPort(90); // the first replica migrates the schema
            try (PackagedApp b = PackagedApp.start(replicaEnvironment(db.getPort(), stsServer.port()))) {
                b.awaitPort(90);
                Instant ghostLeaseUntil = seed(db);

                awaitRefreshes(SESSIONS + 1);
                TimeUnit.SECONDS.sleep(3);

                Map<String, Long> perRole = new HashMap<>();
                sts.calls("AssumeRole").forEach(c -> perRole.merge(c.parameters().get("RoleArn"), 1L, Long::sum));
                assertThat(perRole).hasSize(SESSIONS + 1);
                assertThat(perRole.values()).as("AssumeRole calls per session").containsOnly(1L);
                assertThat(ghostIssuedAt(db)).as("the dead replica's lease was respected").isAfterOrEqualTo(ghostLeaseUntil);
                assertThat(queryLong(db, "select count(*) from aws_session where failure_count > 0 or lease_owner is not null")).isZero();
            }
        } finally {
            stsServer.stop();
        }
    }

    /**
     * A cold herd of due sessions on several replicas under one cluster cap: each replica takes an equal part, and
     * AssumeRole at the fake STS, counted in 1 s windows after the first, stays at the cap. The fencepost allowance
     * is one call per replica: a window can open just as each replica's permit falls due. Two replicas, 200
     * sessions and 20/s in {@code ./mvnw verify}; {@code -Dbudget.replicas}, {@code -Dbudget.herd} and
     * {@code -Dbudget.cap} size the benchmark in docs/benchmarks.md.
     */
    @Test
    void replicasShareOneStsCapDuringAColdHerd() throws Exception {
        WireMockServer stsServer = FakeStsResource.serve(sts);
        sts.setLatency(20);
        List<PackagedApp> replicas = new ArrayList<>();
        try (EmbeddedPostgres db = EmbeddedPostgres.builder().start()) {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < BUDGET_REPLICAS; i++) { // one after the other: the first migrates the schema
                replicas.add(PackagedApp.start(budgetEnvironment(db.getPort(), stsServer.port())));
                ports.add(replicas.get(i).awaitPort(90));
            }
            awaitEachReplicaSeesTheOthers(db);
            List<Double> shares = new ArrayList<>();
            for (int port : ports) {
                shares.add(shareOf(port));
            }

            seedDueSessions(db, BUDGET_HERD, null);
            awaitRefreshes(BUDGET_HERD);

            List<Instant> calls = assumeRoleTimes(stsServer);
            int[] perSecond = perSecondWindows(calls);
            Duration herd = Duration.between(calls.get(0), calls.get(calls.size() - 1));
            System.out.printf("STS budget: %d replicas, cap %d/s, shares %s: %d AssumeRole in %d ms (%.1f/s overall); per 1 s window: %s%n",
                    BUDGET_REPLICAS, BUDGET_CAP, shares, calls.size(), herd.toMillis(), (calls.size() - 1) * 1000.0 / herd.toMillis(),
                    Arrays.toString(perSecond));
            assertThat(shares).as("each replica's share of the cap").containsOnly((double) BUDGET_CAP / BUDGET_REPLICAS);
            assertThat(calls).hasSize(BUDGET_HERD);
            assertThat(Arrays.stream(perSecond).skip(1).max().orElseThrow()).as("busiest 1 s window after the first")
                    .isLessThanOrEqualTo(BUDGET_CAP + BUDGET_REPLICAS);
            assertThat((calls.size() - 1) * 1000.0 / herd.toMillis()).as("the herd's mean rate").isLessThanOrEqualTo(BUDGET_CAP);

            replicas.remove(replicas.size() - 1).close();
            assertThat(queryLong(db, "select count(*) from replica_heartbeat")).as("a replica that stops deletes its row")
                    .isEqualTo(BUDGET_REPLICAS - 1);
        } finally {
            for (PackagedApp replica : replicas) {
                replica.close();
            }
            stsServer.stop();
        }
    }

    private Map<String, String> budgetEnvironment(int jdbcPort, int stsPort) {
        Map<String, String> env = replicaEnvironment(jdbcPort, stsPort);
        env.put("ROLEGATE_SESSION_STS_CALLS_PER_SECOND", Integer.toString(BUDGET_CAP));
        env.put("ROLEGATE_SESSION_BATCH_SIZE", "20");
        env.put("ROLEGATE_SESSION_CONCURRENCY", "8");
        env.put("ROLEGATE_REPLICAS_HEARTBEAT_INTERVAL", "1s");
        env.put("ROLEGATE_REPLICAS_LIVENESS_WINDOW", "5s");
        return env;
    }

    /** Every row written, then two more heartbeats, so that each replica's latest one saw all the others' rows. */
    private static void awaitEachReplicaSeesTheOthers(EmbeddedPostgres db) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (queryLong(db, "select count(*) from replica_heartbeat") < BUDGET_REPLICAS && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        TimeUnit.SECONDS.sleep(3);
    }

    private static double shareOf(int port) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return metrics.body().lines().filter(line -> line.startsWith("rolegate_sts_rate_share_per_second"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElse(Double.NaN);
    }

    private static List<Instant> assumeRoleTimes(WireMockServer stsServer) {
        return stsServer.getAllServeEvents().stream().filter(e -> e.getRequest().getBodyAsString().contains("Action=AssumeRole"))
                .map(e -> e.getRequest().getLoggedDate().toInstant()).sorted().toList();
    }

    /** AssumeRole calls in consecutive 1 s windows from the first call. */
    private static int[] perSecondWindows(List<Instant> calls) {
        Instant first = calls.get(0);
        int[] windows = new int[(int) Duration.between(first, calls.get(calls.size() - 1)).toSeconds() + 1];
        calls.forEach(call -> windows[(int) Duration.between(first, call).toSeconds()]++);
        return windows;
    }

    private Map<String, String> replicaEnvironment(int jdbcPort, int stsPort) {
        Map<String, String> env = PackagedApp.productionEnvironment(jdbcPort);
        env.put("ROLEGATE_CRYPTO_KEYS_" + KEY_ID.toUpperCase(), key);
        env.put("ROLEGATE_STS_ENDPOINT_OVERRIDE", "http://127.0.0.1:" + stsPort);
        env.put("AWS_ACCESS_KEY_ID", FakeSts.BROKER_ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", FakeSts.BROKER_SECRET_KEY);
        env.put("ROLEGATE_SESSION_TICK", "1s");
        env.put("ROLEGATE_SESSION_BATCH_SIZE", "5");
        env.put("ROLEGATE_SESSION_CONCURRENCY", "2");
        return env;
    }

    /** Connected accounts with due sessions, one of them leased by a replica that no longer exists. Returns that lease's end. */
    private Instant seed(EmbeddedPostgres db) throws SQLException {
        Instant ghostLeaseUntil = Instant.now().plusSeconds(6);
        seedDueSessions(db, SESSIONS + 1, ghostLeaseUntil);
        return ghostLeaseUntil;
    }

    /** {@code count} connected accounts with a due session each; the last one leased by a dead replica until {@code ghostLeaseUntil}, if given. */
    private void seedDueSessions(EmbeddedPostgres db, int count, Instant ghostLeaseUntil) throws SQLException {
        Instant now = Instant.now();
        try (Connection c = db.getPostgresDatabase().getConnection()) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into project (id, display_name, created_at, updated_at, version) values ('replicas', 'Replicas', now(), now(), 0)");
            }
            for (int i = 0; i < count; i++) {
                UUID account = insertAccount(c, i, now);
                insertDueSession(c, account, now, i == count - 1 ? ghostLeaseUntil : null);
            }
        }
    }

    private UUID insertAccount(Connection c, int i, Instant now) throws SQLException {
        UUID id = UUID.randomUUID();
        String awsAccount = String.format("%012d", 200_000_000_000L + i);
        String roleArn = "arn:aws:iam::" + awsAccount + ":role/RolegateAccess-replicas";
        String externalId = "replica-external-id-" + i;
        sts.createRole(roleArn, externalId, 3600);
        SealedSecret sealed = secrets.seal(externalId, AwsAccount.externalIdContext(id));
        try (PreparedStatement insert = c.prepareStatement("""
                insert into aws_account (id, project_id, name, aws_account_id, role_arn, external_id_key_id, external_id_ciphertext,
                  external_id_origin, region, session_duration_seconds, status, created_at, updated_at, version)
                values (?, 'replicas', ?, ?, ?, ?, ?, 'GENERATED', 'eu-west-1', 900, 'CONNECTED', ?, ?, 0)""")) {
            insert.setObject(1, id);
            insert.setString(2, "account-" + i);
            insert.setString(3, awsAccount);
            insert.setString(4, roleArn);
            insert.setString(5, sealed.keyId());
            insert.setBytes(6, sealed.ciphertext());
            insert.setTimestamp(7, Timestamp.from(now));
            insert.setTimestamp(8, Timestamp.from(now));
            insert.executeUpdate();
        }
        return id;
    }

    private void insertDueSession(Connection c, UUID account, Instant now, Instant ghostLeaseUntil) throws SQLException {
        SessionKey key = SessionKey.unscoped(account);
        SealedSecret secret = secrets.seal("oldSecretAccessKey", key.secretContext("secret_access_key"));
        SealedSecret token = secrets.seal("oldSessionToken", key.secretContext("session_token"));
        try (PreparedStatement insert = c.prepareStatement("""
                insert into aws_session (id, account_id, scope_hash, access_key_id, secret_key_id, secret_ciphertext, token_key_id, token_ciphertext,
                  issued_at, expires_at, refresh_at, stale_at, failure_count, next_attempt_at, last_used_at, lease_owner, lease_until, created_at)
                values (?, ?, '', 'ASIAOLDSESSION000000', ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, account);
            insert.setString(3, secret.keyId());
            insert.setBytes(4, secret.ciphertext());
            insert.setString(5, token.keyId());
            insert.setBytes(6, token.ciphertext());
            insert.setTimestamp(7, Timestamp.from(now.minusSeconds(600)));
            insert.setTimestamp(8, Timestamp.from(now.plusSeconds(300)));
            insert.setTimestamp(9, Timestamp.from(now.minusSeconds(1)));
            insert.setTimestamp(10, Timestamp.from(now.plusSeconds(240)));
            insert.setTimestamp(11, Timestamp.from(now.minusSeconds(1)));
            insert.setTimestamp(12, Timestamp.from(now));
            insert.setString(13, ghostLeaseUntil == null ? null : "dead-replica");
            insert.setTimestamp(14, ghostLeaseUntil == null ? null : Timestamp.from(ghostLeaseUntil));
            insert.setTimestamp(15, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    private void awaitRefreshes(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90 + expected / 10); // a large herd takes a while at the cap
        while (sts.calls("AssumeRole").size() < expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private Instant ghostIssuedAt(EmbeddedPostgres db) throws SQLException {
        try (Connection c = db.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select s.issued_at from aws_session s join aws_account a on a.id = s.account_id where a.name = 'account-" + SESSIONS + "'")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static long queryLong(EmbeddedPostgres db, String sql) throws SQLException {
        try (Connection c = db.getPostgresDatabase().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
