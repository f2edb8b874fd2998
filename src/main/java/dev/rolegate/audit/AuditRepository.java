package dev.rolegate.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Reads audit_event with native SQL on the caller's transaction, by keyset: each read starts after a position in
 * (occurred_at, id) order, written as a row comparison that a btree index on those columns (the time index, the
 * partitioned table's primary key, or the account index after its account_id) turns into a range scan. No read
 * skips rows with OFFSET or counts them, so its cost follows the rows it returns, not how deep it starts.
 * Actor and action filters walk the time index.
 */
@ApplicationScoped
public class AuditRepository {

    private static final String COLUMNS = """
            id, occurred_at, actor, action, project_id, account_id, scope_hash,
            access_key_id, expiration, client_address, request_id, detail""";

    private final EntityManager entityManager;

    public AuditRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Up to {@code limit} matching entries before {@code before} (all when null), newest first. */
    public List<AuditEventView> newestFirst(AuditFilter filter, AuditCursor before, int limit) {
        Where where = Where.of(filter).positionedBefore(before);
        return read(where.sql() + " order by occurred_at desc, id desc limit ?", where, limit);
    }

    /**
     * Up to {@code limit} matching entries after {@code after} (from the first when null) that occurred before
     * {@code until}, oldest first.
     */
    public List<AuditEventView> oldestFirst(AuditFilter filter, AuditCursor after, Instant until, int limit) {
        Where where = Where.of(filter).positionedAfter(after).occurredBefore(until);
        return read(where.sql() + " order by occurred_at, id limit ?", where, limit);
    }

    private List<AuditEventView> read(String clauses, Where where, int limit) {
        String sql = "select " + COLUMNS + " from audit_event" + clauses;
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setInt(where.bind(query), limit);
                List<AuditEventView> items = new ArrayList<>(Math.min(limit, 1024));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        items.add(view(rs));
                    }
                }
                return items;
            }
        });
    }

    private static AuditEventView view(ResultSet rs) throws SQLException {
        return AuditEventView.of(rs.getLong("id"), instant(rs, "occurred_at"), rs.getString("actor"), AuditAction.valueOf(rs.getString("action")),
                rs.getString("project_id"), rs.getObject("account_id", UUID.class), rs.getString("scope_hash"), rs.getString("access_key_id"),
                instant(rs, "expiration"), rs.getString("client_address"), rs.getString("request_id"), rs.getString("detail"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The where clause of a read and its parameters, in order. Only fixed SQL fragments are concatenated. */
    private record Where(List<String> conditions, List<Object> parameters) {

        static Where of(AuditFilter filter) {
            return new Where(new ArrayList<>(), new ArrayList<>())
                    .and("account_id = ?", filter.accountId())
                    .and("actor = ?", filter.actor())
                    .and("action = ?", filter.action() == null ? null : filter.action().name())
                    .and("occurred_at >= ?", utc(filter.from()))
                    .and("occurred_at < ?", utc(filter.to()));
        }

        Where positionedBefore(AuditCursor cursor) {
            return cursor == null ? this : and("(occurred_at, id) < (?, ?)", utc(cursor.occurredAt()), cursor.id());
        }

        Where positionedAfter(AuditCursor cursor) {
            return cursor == null ? this : and("(occurred_at, id) > (?, ?)", utc(cursor.occurredAt()), cursor.id());
        }

        Where occurredBefore(Instant until) {
            return and("occurred_at < ?", utc(until));
        }

        String sql() {
            return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        }

        /** Binds the parameters from index 1; returns the next free index. */
        int bind(PreparedStatement statement) throws SQLException {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return parameters.size() + 1;
        }

        private Where and(String condition, Object... values) {
            if (values[0] != null) {
                conditions.add(condition);
                parameters.addAll(List.of(values));
            }
            return this;
        }

        private static OffsetDateTime utc(Instant instant) {
            return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
    }
}
