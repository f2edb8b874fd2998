package dev.rolegate.session;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code replica_heartbeat} table: one statement per heartbeat, outside any transaction. */
@ApplicationScoped
public class ReplicaHeartbeats {

    /** Most dead rows one heartbeat deletes, so a mass of them (a crash loop) never makes one heartbeat slow. */
    static final int MAX_FORGOTTEN = 100;

    /*
     * Writes this replica's row, deletes up to MAX_FORGOTTEN long-dead rows, and reads the other replicas' rows
     * that are not yet forgotten. The final select sees the table as it was before the statement, hence "others":
     * this replica counts itself. SKIP LOCKED keeps two replicas deleting the same rows from waiting on each other.
     */
    private static final String BEAT = """
            with beat as (
                insert into replica_heartbeat (replica_id, last_seen) values (?, ?)
                on conflict (replica_id) do update set last_seen = excluded.last_seen),
            forgotten as (
                delete from replica_heartbeat where replica_id in (
                    select replica_id from replica_heartbeat where last_seen < ? and replica_id <> ?
                    order by replica_id limit %d for update skip locked))
            select last_seen from replica_heartbeat where replica_id <> ? and last_seen >= ?""".formatted(MAX_FORGOTTEN);

    private final AgroalDataSource dataSource;

    public ReplicaHeartbeats(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records that {@code replica} is alive {@code now}; returns when each other replica seen since {@code forgetBefore} last was. */
    public List<Instant> beat(String replica, Instant now, Instant forgetBefore) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement beat = connection.prepareStatement(BEAT)) {
            Timestamp forget = Timestamp.from(forgetBefore);
            beat.setString(1, replica);
            beat.setTimestamp(2, Timestamp.from(now));
            beat.setTimestamp(3, forget);
            beat.setString(4, replica);
            beat.setString(5, replica);
            beat.setTimestamp(6, forget);
            List<Instant> others = new ArrayList<>();
            try (ResultSet rows = beat.executeQuery()) {
                while (rows.next()) {
                    others.add(rows.getTimestamp(1).toInstant());
                }
            }
            return others;
        }
    }

    /** Deletes {@code replica}'s row, so the others take over its share at their next heartbeat rather than after the window. */
    public void remove(String replica) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("delete from replica_heartbeat where replica_id = ?")) {
            delete.setString(1, replica);
            delete.executeUpdate();
        }
    }
}
