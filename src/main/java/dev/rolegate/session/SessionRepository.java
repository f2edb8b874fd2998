package dev.rolegate.session;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/** Queries on {@link AwsSession}. Claims and leases are single SQL statements so replicas never race. */
@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<AwsSession, UUID> {

    /** Due sessions whose lease is free, oldest first, claimed for one replica in one statement. */
    static final String CLAIM_DUE = """
            update aws_session s set lease_owner = ?, lease_until = ?
             where s.id in (select id from aws_session
                             where next_attempt_at <= ? and (lease_until is null or lease_until < ?)
                             order by next_attempt_at
                             limit ?
                             for update skip locked)
            returning s.account_id, s.scope_hash""";

    private static final String INSERT_PLACEHOLDER = """
            insert into aws_session (id, account_id, scope_hash, scope_policy, scope_policy_arns, failure_count, next_attempt_at, last_used_at, created_at)
            values (?, ?, ?, ?, ?, 0, ?, ?, ?)
            on conflict (account_id, scope_hash) do nothing""";

    private static final String TAKE_LEASE = """
            update aws_session set lease_owner = ?, lease_until = ?
             where account_id = ? and scope_hash = ? and (lease_until is null or lease_until < ? or lease_owner = ?)""";

    private static final String EXTEND_LEASES = """
            update aws_session s set lease_until = ?
              from unnest(?::uuid[], ?::varchar[]) as k(account_id, scope_hash)
             where s.account_id = k.account_id and s.scope_hash = k.scope_hash and s.lease_owner = ?""";

    private static final String TOUCH = """
            update aws_session s set last_used_at = greatest(s.last_used_at, u.used)
              from unnest(?::uuid[], ?::varchar[], ?::timestamptz[]) as u(account_id, scope_hash, used)
             where s.account_id = u.account_id and s.scope_hash = u.scope_hash""";

    public Optional<AwsSession> findByKey(SessionKey key) {
        return find("accountId = :account and scopeHash = :scope",
                Parameters.with("account", key.accountId()).and("scope", key.scopeHash())).firstResultOptional();
    }

    /**
     * The session if {@code owner} holds its lease, locked for this transaction: the fencing check before writing a
     * refresh outcome. A purge or another replica's claim that commits meanwhile waits for it, or has already won.
     */
    public Optional<AwsSession> findLeased(SessionKey key, String owner) {
        return find("accountId = :account and scopeHash = :scope and leaseOwner = :owner",
                Parameters.with("account", key.accountId()).and("scope", key.scopeHash()).and("owner", owner))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public List<SessionKey> claimDue(Instant now, String owner, Instant leaseUntil, int limit) {
        return jdbc(connection -> {
            try (PreparedStatement claim = connection.prepareStatement(CLAIM_DUE)) {
                claim.setString(1, owner);
                claim.setTimestamp(2, Timestamp.from(leaseUntil));
                claim.setTimestamp(3, Timestamp.from(now));
                claim.setTimestamp(4, Timestamp.from(now));
                claim.setInt(5, limit);
                List<SessionKey> claimed = new ArrayList<>();
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(new SessionKey(rs.getObject(1, UUID.class), rs.getString(2)));
                    }
                }
                return claimed;
            }
        });
    }

    /** Creates a placeholder if the session does not exist, then takes its lease if free. */
    public boolean tryLease(SessionKey key, SessionScope scope, String owner, Instant now, Instant leaseUntil) {
        return jdbc(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_PLACEHOLDER)) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, key.accountId());
                insert.setString(3, key.scopeHash());
                insert.setString(4, scope.policy().orElse(null));
                insert.setString(5, scope.joinedArns());
                insert.setTimestamp(6, Timestamp.from(leaseUntil));
                insert.setTimestamp(7, Timestamp.from(now));
                insert.setTimestamp(8, Timestamp.from(now));
                insert.executeUpdate();
            }
            try (PreparedStatement lease = connection.prepareStatement(TAKE_LEASE)) {
                lease.setString(1, owner);
                lease.setTimestamp(2, Timestamp.from(leaseUntil));
                lease.setObject(3, key.accountId());
                lease.setString(4, key.scopeHash());
                lease.setTimestamp(5, Timestamp.from(now));
                lease.setString(6, owner);
                return lease.executeUpdate() == 1;
            }
        });
    }

    /** Moves the end of {@code owner}'s leases on {@code keys} to {@code leaseUntil}, in one statement; leases taken over meanwhile stay. */
    public int extendLeases(String owner, Collection<SessionKey> keys, Instant leaseUntil) {
        if (keys.isEmpty()) {
            return 0;
        }
        return jdbc(connection -> {
            try (PreparedStatement extend = connection.prepareStatement(EXTEND_LEASES)) {
                extend.setTimestamp(1, Timestamp.from(leaseUntil));
                extend.setArray(2, array(connection, "uuid", keys.stream().map(SessionKey::accountId).toArray()));
                extend.setArray(3, array(connection, "varchar", keys.stream().map(SessionKey::scopeHash).toArray()));
                extend.setString(4, owner);
                return extend.executeUpdate();
            }
        });
    }

    /** Stores a batch of last-use times in one statement. */
    public void touch(Map<SessionKey, Instant> uses) {
        if (uses.isEmpty()) {
            return;
        }
        jdbc(connection -> {
            List<Map.Entry<SessionKey, Instant>> entries = new ArrayList<>(uses.entrySet());
            try (PreparedStatement touch = connection.prepareStatement(TOUCH)) {
                touch.setArray(1, array(connection, "uuid", entries.stream().map(e -> e.getKey().accountId()).toArray()));
                touch.setArray(2, array(connection, "varchar", entries.stream().map(e -> e.getKey().scopeHash()).toArray()));
                touch.setArray(3, array(connection, "timestamptz", entries.stream().map(e -> Timestamp.from(e.getValue())).toArray()));
                return touch.executeUpdate();
            }
        });
    }

    public long deleteForAccount(UUID accountId) {
        return delete("accountId", accountId);
    }

    /**
     * Counts for the session gauges, in one aggregate query. The soonest expiry counts only sessions used since
     * {@code activeSince}: idle ones are left to expire on purpose, and would otherwise look like a refresh falling behind.
     */
    public SessionStats stats(Instant now, Instant activeSince) {
        Object[] row = (Object[]) getEntityManager().createQuery("""
                select count(s),
                       coalesce(sum(case when s.refreshAt > :now then 1 else 0 end), 0),
                       coalesce(sum(case when s.refreshAt <= :now and s.staleAt > :now then 1 else 0 end), 0),
                       coalesce(sum(case when s.staleAt <= :now then 1 else 0 end), 0),
                       coalesce(sum(case when s.nextAttemptAt <= :now then 1 else 0 end), 0),
                       min(case when s.lastUsedAt >= :activeSince then s.expiresAt end)
                  from AwsSession s where s.accessKeyId is not null""")
                .setParameter("now", now).setParameter("activeSince", activeSince).getSingleResult();
        return new SessionStats(n(row[0]), n(row[1]), n(row[2]), n(row[3]), n(row[4]), (Instant) row[5]);
    }

    private static long n(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }

    private <T> T jdbc(SqlWork<T> work) {
        return getEntityManager().unwrap(Session.class).doReturningWork(work::run);
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Sessions by state; {@code soonestExpiry} is null when there are none. */
    public record SessionStats(long total, long fresh, long refreshing, long stale, long due, Instant soonestExpiry) {
    }
}
