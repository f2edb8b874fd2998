package dev.rolegate.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * Inserts a batch of entries in one autocommitted statement on a connection of its own, outside JTA,
 * so no caller's transaction can roll it back or delay it. Only the writer thread uses an instance. It
 * keeps its connection between batches, so audit writes never wait for a pool slot held by a caller
 * that is itself waiting for the audit; after a failure the connection is dropped and replaced.
 */
final class AuditBatchWriter implements AutoCloseable {

    /**
     * One statement per batch, in autocommit: the columns travel as parallel arrays that unnest turns
     * into rows. A single statement is atomic, so the batch lands whole or not at all, and it costs one
     * round trip instead of an execute per entry plus a commit (docs/benchmarks.md).
     */
    static final String INSERT = """
            insert into audit_event (occurred_at, actor, action, project_id, account_id, scope_hash,
                                     access_key_id, expiration, client_address, request_id, detail)
            select occurred_at::timestamptz, actor, action, project_id, account_id::uuid, scope_hash,
                   access_key_id, expiration::timestamptz, client_address, request_id, detail
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 as e(occurred_at, actor, action, project_id, account_id, scope_hash,
                      access_key_id, expiration, client_address, request_id, detail)""";

    private static final int COLUMNS = 11;

    private final DataSource dataSource;
    private final Duration lockTimeout;
    private Connection connection;

    AuditBatchWriter(DataSource dataSource, Duration lockTimeout) {
        this.dataSource = dataSource;
        this.lockTimeout = lockTimeout;
    }

    /** Inserts and commits every entry, or none of them. */
    void write(List<AuditEntry> entries) throws SQLException {
        Connection c = connection();
        try {
            insert(c, entries);
        } catch (SQLException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    /**
     * Inserts {@code entries} on {@code c} in one statement, within whatever transaction {@code c} is in: the one row
     * shape shared by the group commit and by changes audited in their own transaction ({@link AdminAudit}).
     */
    static void insert(Connection c, List<AuditEntry> entries) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            String[][] columns = columns(entries);
            for (int i = 0; i < COLUMNS; i++) {
                insert.setArray(i + 1, c.createArrayOf("text", columns[i]));
            }
            insert.executeUpdate();
        }
    }

    /**
     * Gives the connection back as the pool lent it: this writer's session settings (lock limit, durable commits)
     * are reset, so no other transaction inherits them. A connection that cannot be reset is broken; it is aborted,
     * which makes the pool drop it.
     */
    @Override
    public void close() {
        if (connection != null) {
            try (Statement reset = connection.createStatement()) {
                reset.execute("reset all");
            } catch (SQLException broken) {
                abort(connection);
            }
            try {
                connection.close();
            } catch (SQLException e) {
                // Nothing is pending on it; the pool evicts it.
            }
            connection = null;
        }
    }

    private static void abort(Connection broken) {
        try {
            broken.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // Already gone.
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection fresh = dataSource.getConnection();
            try {
                fresh.setAutoCommit(true);
                requireDurableCommits(fresh);
                boundLockWaits(fresh);
            } catch (SQLException e) {
                fresh.close();
                throw e;
            }
            connection = fresh;
        }
        return connection;
    }

    /**
     * Callers are told an entry is stored once its commit returns, so that commit must wait for the WAL
     * flush. A server, database or role default of synchronous_commit = off is overridden for this
     * connection; every other value (local, on, remote_write, remote_apply) already flushes locally.
     * A session setting: behind a transaction-pooling proxy (PgBouncer's transaction mode) it may not
     * stick, so there the database or role default must not be off.
     */
    private static void requireDurableCommits(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet setting = statement.executeQuery("select current_setting('synchronous_commit')")) {
            setting.next();
            if ("off".equals(setting.getString(1))) {
                statement.execute("set synchronous_commit = on");
            }
        }
    }

    /** See {@link AuditConfig#lockTimeout()}: a table lock is a prompt refusal rather than a queue of waiting callers. */
    private void boundLockWaits(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("set lock_timeout = " + lockTimeout.toMillis());
        }
    }

    /** Gives up the connection, which may be broken. The failed statement was its own transaction, so nothing of it stays. */
    private void discard() {
        close();
    }

    /** The entries column by column, as text that PostgreSQL casts back to each column's type. */
    private static String[][] columns(List<AuditEntry> entries) {
        String[][] columns = new String[COLUMNS][entries.size()];
        for (int row = 0; row < entries.size(); row++) {
            AuditEntry e = entries.get(row);
            columns[0][row] = e.occurredAt().toString();
            columns[1][row] = e.actor();
            columns[2][row] = e.action().name();
            columns[3][row] = e.projectId();
            columns[4][row] = e.accountId() == null ? null : e.accountId().toString();
            columns[5][row] = e.scopeHash();
            columns[6][row] = e.accessKeyId();
            columns[7][row] = e.expiration() == null ? null : e.expiration().toString();
            columns[8][row] = e.clientAddress();
            columns[9][row] = e.requestId();
            columns[10][row] = e.detail();
        }
        return columns;
    }
}
