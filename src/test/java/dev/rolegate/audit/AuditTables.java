package dev.rolegate.audit;

import dev.rolegate.testsupport.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
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
