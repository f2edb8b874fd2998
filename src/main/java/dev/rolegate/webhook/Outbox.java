package dev.rolegate.webhook;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code webhook_outbox} table. Events are inserted on the caller's transaction; delivery's statements each run
 * alone (one claim, one outcome per event), so no transaction or lock is held while a receiver is called.
 */
@ApplicationScoped
public class Outbox {

    /** Most finished rows one pass deletes, so a backlog of them never makes one pass slow. */
    static final int MAX_PRUNED = 1000;

    /*
     * Claims due events for one replica: moving next_attempt_at past the lease hides them from every other pass until
     * the outcome is written, or the lease lapses because this replica died. SKIP LOCKED keeps concurrent claims apart.
     */
    private static final String CLAIM = """
            update webhook_outbox o set lease_owner = ?, next_attempt_at = ?
             where o.id in (select id from webhook_outbox
                             where status = 'PENDING' and next_attempt_at <= ?
                             order by next_attempt_at
                             limit ?
                             for update skip locked)
            returning o.id, o.payload, o.attempts, o.created_at""";

    private static final String DELIVERED = """
            update webhook_outbox set status = 'DELIVERED', attempts = attempts + 1, finished_at = ?, lease_owner = null, last_error = ?
             where id = ? and lease_owner = ?""";

    private static final String RETRY = """
            update webhook_outbox set attempts = attempts + 1, next_attempt_at = ?, lease_owner = null, last_error = ?
             where id = ? and lease_owner = ?""";

    private static final String FAILED = """
            update webhook_outbox set status = 'FAILED', attempts = attempts + 1, finished_at = ?, lease_owner = null, last_error = ?
             where id = ? and lease_owner = ?""";

    /* Hands unsent claims back at shutdown: due again at once, on any replica, without counting an attempt. */
    private static final String RELEASE = """
            update webhook_outbox set lease_owner = null, next_attempt_at = ?
             where id = any(?) and lease_owner = ? and status = 'PENDING'""";

    private static final String PRUNE = """
            delete from webhook_outbox where id in (
                select id from webhook_outbox where status <> 'PENDING' and finished_at < ? limit %d)""".formatted(MAX_PRUNED);

    private static final String BACKLOG = "select count(*), min(created_at) from webhook_outbox where status = 'PENDING'";

    private static final int MAX_ERROR = 300;

    private final EntityManager entityManager;
    private final AgroalDataSource dataSource;

    public Outbox(EntityManager entityManager, AgroalDataSource dataSource) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
    }

    /** One event, on the caller's transaction (which must be active): it exists only if that transaction commits. */
    void insert(UUID id, PortalEventType type, UUID accountId, String payload, Instant occurredAt) {
        entityManager.createNativeQuery("""
                insert into webhook_outbox (id, event_type, account_id, payload, status, attempts, created_at, next_attempt_at)
                values (?1, ?2, ?3, ?4, 'PENDING', 0, ?5, ?5)""")
                .setParameter(1, id)
                .setParameter(2, type.wireName())
                .setParameter(3, accountId)
                .setParameter(4, payload)
                .setParameter(5, Timestamp.from(occurredAt))
                .executeUpdate();
    }

    /** An event claimed for delivery. */
    record Claimed(UUID id, String payload, int attempts, Instant createdAt) {
        String webhookId() {
            return PortalEvents.webhookId(id);
        }
    }

    /** Claims up to {@code limit} events due at {@code now} for {@code owner} until {@code leaseUntil}, oldest first. */
    List<Claimed> claim(String owner, Instant now, Instant leaseUntil, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setString(1, owner);
            claim.setTimestamp(2, Timestamp.from(leaseUntil));
            claim.setTimestamp(3, Timestamp.from(now));
            claim.setInt(4, limit);
            List<Claimed> claimed = new ArrayList<>();
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    claimed.add(new Claimed(rows.getObject(1, UUID.class), rows.getString(2), rows.getInt(3),
                            rows.getTimestamp(4).toInstant()));
                }
            }
            claimed.sort(Comparator.comparing(Claimed::createdAt));
            return claimed;
        }
    }

    /** The outcomes return false if {@code owner} no longer held the claim (it lapsed and another replica took it). */
    boolean delivered(UUID id, String owner, Instant at) throws SQLException {
        return update(DELIVERED, at, null, id, owner);
    }

    boolean retryAt(UUID id, String owner, Instant when, String error) throws SQLException {
        return update(RETRY, when, error, id, owner);
    }

    boolean failed(UUID id, String owner, Instant at, String error) throws SQLException {
        return update(FAILED, at, error, id, owner);
    }

    private boolean update(String sql, Instant at, String error, UUID id, String owner) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(sql)) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setString(2, error == null ? null : truncate(error));
            update.setObject(3, id);
            update.setString(4, owner);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Gives back {@code owner}'s claims on events it did not send, due at {@code now}, attempts unchanged; returns how many
     * it still held.
     */
    int release(List<UUID> ids, String owner, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement release = connection.prepareStatement(RELEASE)) {
            release.setTimestamp(1, Timestamp.from(now));
            release.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            release.setString(3, owner);
            return release.executeUpdate();
        }
    }

    /** Deletes up to {@link #MAX_PRUNED} delivered or failed events that finished before {@code before}. */
    int prune(Instant before) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement prune = connection.prepareStatement(PRUNE)) {
            prune.setTimestamp(1, Timestamp.from(before));
            return prune.executeUpdate();
        }
    }

    /** Events not yet delivered nor given up, and when the oldest of them occurred. */
    record Backlog(long pending, Optional<Instant> oldest) {
    }

    Backlog backlog() throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(BACKLOG);
                ResultSet row = query.executeQuery()) {
            row.next();
            Timestamp oldest = row.getTimestamp(2);
            return new Backlog(row.getLong(1), Optional.ofNullable(oldest).map(Timestamp::toInstant));
        }
    }

    private static String truncate(String error) {
        return error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }
}
