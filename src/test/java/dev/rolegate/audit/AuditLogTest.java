package dev.rolegate.audit;

import static dev.rolegate.testsupport.Await.awaitUntil;
import static dev.rolegate.audit.AuditTables.blockedInserts;
import static dev.rolegate.audit.AuditTables.entry;
import static dev.rolegate.audit.AuditTables.rows;
import static dev.rolegate.audit.AuditTables.uniqueActor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolegate.audit.AuditUnavailableException.Reason;
import dev.rolegate.testsupport.Sql;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The application's audit log against the real database: durable before return, grouped, fail closed. */
@QuarkusTest
@TestProfile(AuditLogTest.PatientWriter.class)
class AuditLogTest {

    /**
     * Several tests hold a table lock while callers queue behind the stalled writer. With production's 100 ms
     * lock timeout the stalled batch failed whenever queuing took longer, as it can on a loaded machine.
     */
    public static class PatientWriter implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rolegate.audit.lock-timeout", "30s");
        }
    }

    @Inject
    AuditLog audit;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry meters;

    @Test
    void recordReturnsOnlyOnceTheRowIsVisibleToAnotherConnection() {
        String actor = uniqueActor();
        for (int i = 0; i < 20; i++) {
            audit.record(entry(actor, "req-" + i));

            assertThat(rows(dataSource, actor, "req-" + i)).as("entry %d is committed when record returns", i).isEqualTo(1);
        }
    }

    @Test
    void recordStoresEveryFieldAsGiven() throws Exception {
        UUID account = UUID.randomUUID();
        Instant occurredAt = Instant.parse("2025-03-01T10:15:30.123456789Z");
        Instant expiration = Instant.parse("2025-03-01T11:15:30Z");
        AuditEntry entry = AuditEntry.builder(occurredAt, uniqueActor(), AuditAction.CREDENTIALS_ISSUED)
                .project("acme").account(account).scopeHash("ab12").credentials("ASIATESTKEY000000001", expiration)
                .request("10.1.2.3", "req-fields").detail("issued for deploy").build();

        audit.record(entry);

        try (Connection c = dataSource.getConnection();
                PreparedStatement read = c.prepareStatement("""
                        select occurred_at, action, project_id, account_id, scope_hash, access_key_id, expiration,
                               client_address, request_id, detail from audit_event where actor = ?""")) {
            read.setString(1, entry.actor());
            try (ResultSet rs = read.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getTimestamp("occurred_at").toInstant()).isEqualTo(Instant.parse("2025-03-01T10:15:30.123456Z"));
                assertThat(rs.getString("action")).isEqualTo("CREDENTIALS_ISSUED");
                assertThat(rs.getString("project_id")).isEqualTo("acme");
                assertThat(rs.getObject("account_id", UUID.class)).isEqualTo(account);
                assertThat(rs.getString("scope_hash")).isEqualTo("ab12");
                assertThat(rs.getString("access_key_id")).isEqualTo("ASIATESTKEY000000001");
                assertThat(rs.getTimestamp("expiration").toInstant()).isEqualTo(expiration);
                assertThat(rs.getString("client_address")).isEqualTo("10.1.2.3");
                assertThat(rs.getString("request_id")).isEqualTo("req-fields");
                assertThat(rs.getString("detail")).isEqualTo("issued for deploy");
                assertThat(rs.next()).as("exactly one row").isFalse();
            }
        }
    }

    @Test
    void concurrentRecordsAreCommittedTogetherInFarFewerTransactions() throws Exception {
        String actor = uniqueActor();
        int callers = 200;
        double batchesBefore = committedBatches();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Long>> visibleOnReturn = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            try (AuditTables.WriteLock stall = new AuditTables.WriteLock(dataSource)) {
                for (int i = 0; i < callers; i++) {
                    String requestId = "req-" + i;
                    visibleOnReturn.add(pool.submit(() -> {
                        start.await();
                        audit.record(entry(actor, requestId));
                        return rows(dataSource, actor, requestId);
                    }));
                }
                start.countDown();
                // The writer is stuck on its first batch while every other caller queues behind it.
                awaitUntil("all callers wait for the audit", () -> pending() == callers && blockedInserts(dataSource) == 1);
            }

            for (Future<Long> rowCount : visibleOnReturn) {
                assertThat(rowCount.get()).as("each caller's row is committed when its record returns").isEqualTo(1);
            }
            assertThat(rows(dataSource, actor)).isEqualTo(callers);
            assertThat(committedBatches() - batchesBefore).as("transactions for %d concurrent entries", callers).isBetween(1.0, 2.0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void submittedEntryCompletesOnlyOnceItsRowIsVisibleToAnotherConnection() throws Exception {
        String actor = uniqueActor();
        for (int i = 0; i < 20; i++) {
            audit.submit(entry(actor, "req-" + i)).toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(rows(dataSource, actor, "req-" + i)).as("entry %d is committed when its stage completes", i).isEqualTo(1);
        }
    }

    @Test
    void failedWriteFailsTheSubmittedStageAndStoresNothing() {
        String actor = uniqueActor();
        hideTable();
        try {
            CompletableFuture<Void> refused = audit.submit(entry(actor, "req-lost")).toCompletableFuture();
            assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOfSatisfying(AuditUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRITE_FAILED));
        } finally {
            restoreTable();
        }
        assertThat(rows(dataSource, actor)).as("a refused entry is not stored").isZero();
    }

    @Test
    void theWriterTurnsSynchronousCommitBackOnWhereTheDefaultIsOff() throws Exception {
        String actor = uniqueActor();
        try (Connection connection = dataSource.getConnection()) {
            try (var statement = connection.createStatement()) {
                statement.execute("set synchronous_commit = off");
            }
            AuditBatchWriter writer = new AuditBatchWriter(new SingleConnection(connection), Duration.ofSeconds(1));

            writer.write(List.of(entry(actor, "req-durable")));

            try (var statement = connection.createStatement(); ResultSet rs = statement.executeQuery("select current_setting('synchronous_commit')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
            writer.close();
        }
        assertThat(rows(dataSource, actor, "req-durable")).isEqualTo(1);
    }

    @Test
    void failedWriteRefusesTheCallerAndStoresNothing() {
        String actor = uniqueActor();
        double failedBefore = failedBatches();
        hideTable();
        try {
            assertThatThrownBy(() -> audit.record(entry(actor, "req-lost")))
                    .isInstanceOfSatisfying(AuditUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRITE_FAILED));
        } finally {
            restoreTable();
        }
        assertThat(rows(dataSource, actor)).as("a refused entry is not stored").isZero();
        assertThat(failedBatches() - failedBefore).isEqualTo(1.0);
    }

    @Test
    void everyEntryOfAFailedBatchIsRefusedAndNoneIsStored() throws Exception {
        String blocker = uniqueActor();
        String batchmate = uniqueActor();
        String poison = uniqueActor();
        Sql.execute(dataSource, "alter table audit_event add constraint ck_audit_test_poison check (actor <> '" + poison + "') not valid");
        ExecutorService pool = Executors.newFixedThreadPool(11);
        try {
            Future<?> first;
            List<Future<?>> failedBatch = new ArrayList<>();
            try (AuditTables.WriteLock stall = new AuditTables.WriteLock(dataSource)) {
                first = pool.submit(() -> audit.record(entry(blocker, "req-first")));
                awaitUntil("the writer waits on its first batch", () -> blockedInserts(dataSource) == 1);
                failedBatch.add(pool.submit(() -> audit.record(entry(poison, "req-poison"))));
                for (int i = 0; i < 9; i++) {
                    String requestId = "req-" + i;
                    failedBatch.add(pool.submit(() -> audit.record(entry(batchmate, requestId))));
                }
                awaitUntil("the next batch is queued", () -> pending() == 11);
            }

            first.get();
            for (Future<?> refused : failedBatch) {
                assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOfSatisfying(AuditUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRITE_FAILED));
            }
            assertThat(rows(dataSource, blocker)).isEqualTo(1);
            assertThat(rows(dataSource, batchmate) + rows(dataSource, poison)).as("nothing of the failed batch is stored").isZero();
        } finally {
            pool.shutdownNow();
            Sql.execute(dataSource, "alter table audit_event drop constraint ck_audit_test_poison");
        }
    }

    @Test
    void writerStoresEntriesAgainAfterAFailedBatch() {
        hideTable();
        try {
            assertThatThrownBy(() -> audit.record(entry(uniqueActor(), "req-lost"))).isInstanceOf(AuditUnavailableException.class);
        } finally {
            restoreTable();
        }
        String actor = uniqueActor();

        audit.record(entry(actor, "req-after"));

        assertThat(rows(dataSource, actor, "req-after")).isEqualTo(1);
    }

    private void hideTable() {
        Sql.execute(dataSource, "alter table audit_event rename to audit_event_hidden_by_test");
    }

    private void restoreTable() {
        Sql.execute(dataSource, "alter table audit_event_hidden_by_test rename to audit_event");
    }

    private double committedBatches() {
        return meters.get("rolegate.audit.batches").tag("outcome", "committed").counter().count();
    }

    private double failedBatches() {
        return meters.get("rolegate.audit.batches").tag("outcome", "failed").counter().count();
    }

    private double pending() {
        return meters.get("rolegate.audit.pending").gauge().value();
    }

    /** Hands out one given connection, as a pool whose default is synchronous_commit = off would. */
    private record SingleConnection(Connection connection) implements DataSource {

        @Override
        public Connection getConnection() {
            return connection;
        }

        @Override
        public Connection getConnection(String user, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PrintWriter getLogWriter() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setLoginTimeout(int seconds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
