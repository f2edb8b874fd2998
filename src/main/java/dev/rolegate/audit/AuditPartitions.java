package dev.rolegate.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * audit_event's daily partitions, through the functions V8 created: the application's DML-only role may not create or
 * drop tables, so it asks those functions, which run as the schema's owner and refuse to drop the recent audit.
 * Each call is one autocommitted statement on a connection of its own.
 */
@ApplicationScoped
public class AuditPartitions {

    private final DataSource dataSource;

    public AuditPartitions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Ensures partitions from today (UTC, the database's clock) through {@code daysAhead} days after; returns the end of the newest. */
    public Instant ensure(int daysAhead) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ensure = c.prepareStatement("select rolegate_audit_partitions_ensure(?)")) {
            ensure.setInt(1, daysAhead);
            try (ResultSet end = ensure.executeQuery()) {
                end.next();
                Timestamp newest = end.getTimestamp(1);
                if (newest == null) {
                    throw new SQLException("audit_event has no partition with an end after ensuring them");
                }
                return newest.toInstant();
            }
        }
    }

    /**
     * Detaches the oldest partition whose whole range lies before {@code cutoff} and marks it retired; returns its name,
     * or empty when there is none (or another replica is retiring one right now). The database refuses a cutoff less
     * than 30 days ago. Its rows are gone from audit_event at once; {@link #dropRetired()} deletes them.
     */
    public Optional<String> retireOldestBefore(Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement retire = c.prepareStatement("select rolegate_audit_partitions_retire_oldest(?)")) {
            retire.setTimestamp(1, Timestamp.from(cutoff));
            try (ResultSet retired = retire.executeQuery()) {
                retired.next();
                return Optional.ofNullable(retired.getString(1));
            }
        }
    }

    /**
     * Drops every retired partition; returns how many. A transaction of its own, apart from the detach: dropping deletes
     * files at commit, and audit_event must not stay locked meanwhile.
     */
    public int dropRetired() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement drop = c.prepareStatement("select rolegate_audit_partitions_drop_retired()");
                ResultSet dropped = drop.executeQuery()) {
            dropped.next();
            return dropped.getInt(1);
        }
    }
}
