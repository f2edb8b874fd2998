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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two packaged rolegate processes share one PostgreSQL and both run the refresh scheduler. Every due
 * session is refreshed exactly once, and a session leased by a replica that died is taken over only
 * after its lease has passed.
 */
class MultiReplicaIT {

    private static final int SESSIONS = 40;
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
        Instant now = Instant.now();
        Instant ghostLeaseUntil = now.plusSeconds(6);
        try (Connection c = db.getPostgresDatabase().getConnection()) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into project (id, display_name, created_at, updated_at, version) values ('replicas', 'Replicas', now(), now(), 0)");
            }
            for (int i = 0; i <= SESSIONS; i++) {
                UUID account = insertAccount(c, i, now);
                insertDueSession(c, account, now, i == SESSIONS ? ghostLeaseUntil : null);
            }
        }
        return ghostLeaseUntil;
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
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
