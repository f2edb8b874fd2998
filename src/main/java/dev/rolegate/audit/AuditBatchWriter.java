package dev.rolegate.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;

/**
 * Inserts a batch of entries in one transaction on a connection of its own, outside JTA, so no
 * caller's transaction can roll it back or delay it. Only the writer thread uses an instance. It
 * keeps its connection between batches, so audit writes never wait for a pool slot held by a caller
 * that is itself waiting for the audit; after a failure the connection is dropped and replaced.
 */
final class AuditBatchWriter implements AutoCloseable {

    static final String INSERT = """
            insert into audit_event (occurred_at, actor, action, project_id, account_id, scope_hash,
                                     access_key_id, expiration, client_address, request_id, detail)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final DataSource dataSource;
    private Connection connection;

    AuditBatchWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts and commits every entry, or none of them. */
    void write(List<AuditEntry> entries) throws SQLException {
        Connection c = connection();
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (AuditEntry entry : entries) {
                bind(insert, entry);
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            discard(e);
            throw e;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Nothing is pending on it; the pool evicts it.
            }
            connection = null;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection fresh = dataSource.getConnection();
            try {
                fresh.setAutoCommit(false);
            } catch (SQLException e) {
                fresh.close();
                throw e;
            }
            connection = fresh;
        }
        return connection;
    }

    /** Rolls back and gives up the connection: it may be broken, and must not carry the failed transaction. */
    private void discard(Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        close();
    }

    private static void bind(PreparedStatement insert, AuditEntry e) throws SQLException {
        setInstant(insert, 1, e.occurredAt());
        insert.setString(2, e.actor());
        insert.setString(3, e.action().name());
        insert.setString(4, e.projectId());
        if (e.accountId() == null) {
            insert.setNull(5, Types.OTHER);
        } else {
            insert.setObject(5, e.accountId());
        }
        insert.setString(6, e.scopeHash());
        insert.setString(7, e.accessKeyId());
        setInstant(insert, 8, e.expiration());
        insert.setString(9, e.clientAddress());
        insert.setString(10, e.requestId());
        insert.setString(11, e.detail());
    }

    private static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }
}
