package dev.rolegate.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
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
 * Reads audit_event with native SQL on the caller's transaction. Time and account filters are index
 * range scans in listing order (newest first); actor and action filters walk the time index.
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

    /** One page of matching entries, newest first (ties broken by id), and the number matching across pages. */
    public Slice page(AuditFilter filter, int pageIndex, int pageSize) {
        Where where = Where.of(filter);
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            long total = count(connection, where);
            List<AuditEventView> items = total == 0 ? List.of() : items(connection, where, (long) pageIndex * pageSize, pageSize);
            return new Slice(items, total);
        });
    }

    private static long count(Connection connection, Where where) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("select count(*) from audit_event" + where.sql())) {
            where.bind(count);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<AuditEventView> items(Connection connection, Where where, long offset, int limit) throws SQLException {
        String sql = "select " + COLUMNS + " from audit_event" + where.sql() + " order by occurred_at desc, id desc limit ? offset ?";
        try (PreparedStatement page = connection.prepareStatement(sql)) {
            int next = where.bind(page);
            page.setInt(next, limit);
            page.setLong(next + 1, offset);
            List<AuditEventView> items = new ArrayList<>(limit);
            try (ResultSet rs = page.executeQuery()) {
                while (rs.next()) {
                    items.add(view(rs));
                }
            }
            return items;
        }
    }

    private static AuditEventView view(ResultSet rs) throws SQLException {
        return new AuditEventView(rs.getLong("id"), instant(rs, "occurred_at"), rs.getString("actor"), AuditAction.valueOf(rs.getString("action")),
                rs.getString("project_id"), rs.getObject("account_id", UUID.class), rs.getString("scope_hash"), rs.getString("access_key_id"),
                instant(rs, "expiration"), rs.getString("client_address"), rs.getString("request_id"), rs.getString("detail"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The where clause of a filter and its parameters, in order. Only fixed SQL fragments are concatenated. */
    private record Where(String sql, List<Object> parameters) {

        static Where of(AuditFilter filter) {
            List<String> conditions = new ArrayList<>();
            List<Object> parameters = new ArrayList<>();
            add(conditions, parameters, "account_id = ?", filter.accountId());
            add(conditions, parameters, "actor = ?", filter.actor());
            add(conditions, parameters, "action = ?", filter.action() == null ? null : filter.action().name());
            add(conditions, parameters, "occurred_at >= ?", utc(filter.from()));
            add(conditions, parameters, "occurred_at < ?", utc(filter.to()));
            return new Where(conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions), parameters);
        }

        /** Binds the parameters from index 1; returns the next free index. */
        int bind(PreparedStatement statement) throws SQLException {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return parameters.size() + 1;
        }

        private static void add(List<String> conditions, List<Object> parameters, String condition, Object value) {
            if (value != null) {
                conditions.add(condition);
                parameters.add(value);
            }
        }

        private static OffsetDateTime utc(Instant instant) {
            return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
    }

    /** One page of entries and the total across pages. */
    public record Slice(List<AuditEventView> items, long total) {
    }
}
