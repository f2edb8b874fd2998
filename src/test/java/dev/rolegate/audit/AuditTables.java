package dev.rolegate.audit;

import dev.rolegate.testsupport.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/** Test helpers that stall or inspect audit_event from outside the application. */
final class AuditTables {

    private AuditTables() {
    }

    /** A unique actor, so a test sees only its own rows in the shared database. */
    static String uniqueActor() {
        return "audit-test-" + UUID.randomUUID();
    }

    static AuditEntry entry(String actor, String requestId) {
        return AuditEntry.builder(Instant.now(), actor, AuditAction.CREDENTIALS_ISSUED).request("127.0.0.1", requestId).build();
    }

    static long rows(DataSource dataSource, String actor) {
        return Sql.queryLong(dataSource, "select count(*) from audit_event where actor = ?", actor);
    }

    static long rows(DataSource dataSource, String actor, String requestId) {
        return Sql.queryLong(dataSource, "select count(*) from audit_event where actor = ? and request_id = ?", actor, requestId);
    }

    /** Inserts into audit_event that are waiting for a table lock, i.e. a stalled audit writer. */
    static long blockedInserts(DataSource dataSource) {
        return Sql.queryLong(dataSource, "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into audit_event%'");
    }

    /** Polls until the condition holds; a deadline only turns a hang into a failure. */
    static void awaitUntil(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }

    /** Holds a SHARE lock on audit_event: readers pass, every insert waits until {@link #close()}. */
    static final class WriteLock implements AutoCloseable {

        private final Connection connection;

        WriteLock(DataSource dataSource) throws SQLException {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            try (Statement lock = connection.createStatement()) {
                lock.execute("lock table audit_event in share mode");
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                connection.rollback();
            } finally {
                connection.close();
            }
        }
    }
}
