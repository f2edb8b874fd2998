package dev.rolegate.session;

import dev.rolegate.time.Deadline;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The broker's entry point: credentials for (account, scope) valid for at least a given time. Served from memory
 * when possible; otherwise loaded through the session cache, whose single flight lets one caller per replica fetch
 * while the others wait for it, and the session's lease makes that one across replicas. Every wait ends by the
 * caller's deadline.
 */
@ApplicationScoped
public class SessionService {

    private static final long LEASE_POLL_MILLIS = 100;
    /** For callers that bring no deadline of their own (tests, benchmarks): generous, but still a bound. */
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final SessionCache cache;
    private final SessionStore store;
    private final SessionRefresher refresher;
    private final UsageTracker usage;
    private final ReplicaIdentity replica;
    private final Clock clock;

    public SessionService(SessionCache cache, SessionStore store, SessionRefresher refresher, UsageTracker usage, ReplicaIdentity replica,
            Clock clock) {
        this.cache = cache;
        this.store = store;
        this.refresher = refresher;
        this.usage = usage;
        this.replica = replica;
        this.clock = clock;
    }

    /**
     * A session valid for at least {@code minValidity}. Refreshes inline only when no stored session qualifies.
     * Throws {@link AccountNotServableException} for accounts that are not CONNECTED, {@link dev.rolegate.aws.StsCallException}
     * when STS could not produce one, and {@link dev.rolegate.time.DeadlineExceededException} when the wait outlasted {@code deadline}.
     */
    public CachedSession credentials(UUID accountId, SessionScope scope, Duration minValidity, Deadline deadline) {
        SessionKey key = new SessionKey(accountId, scope.hash());
        CachedSession session = cache.get(key, s -> s.qualifies(clock.instant(), minValidity), k -> fetch(k, scope, minValidity, deadline), deadline);
        usage.touch(key, clock.instant());
        return session;
    }

    /** {@link #credentials(UUID, SessionScope, Duration, Deadline)} with a generous default deadline. */
    public CachedSession credentials(UUID accountId, SessionScope scope, Duration minValidity) {
        return credentials(accountId, scope, minValidity, Deadline.in(DEFAULT_WAIT));
    }

    /** {@link #credentials(UUID, SessionScope, Duration)} for the role's full permissions. */
    public CachedSession credentials(SessionKey unscoped, Duration minValidity) {
        if (!SessionKey.EMPTY_SCOPE.equals(unscoped.scopeHash())) {
            throw new IllegalArgumentException("a scoped session needs its SessionScope");
        }
        return credentials(unscoped.accountId(), SessionScope.EMPTY, minValidity);
    }

    /** A qualifying session held in memory, or null. Never blocks, so event-loop threads may call it. */
    public CachedSession fromMemory(UUID accountId, SessionScope scope, Duration minValidity) {
        SessionKey key = new SessionKey(accountId, scope.hash());
        Instant now = clock.instant();
        CachedSession hit = cache.get(key);
        if (hit == null || !hit.qualifies(now, minValidity)) {
            return null;
        }
        usage.touch(key, now);
        return hit;
    }

    /** From the database if a stored session qualifies, else from STS under the session's lease; polls while another replica holds it. */
    private CachedSession fetch(SessionKey key, SessionScope scope, Duration minValidity, Deadline deadline) {
        while (true) {
            ColdFetch found = store.prepare(key, scope, replica.id(), clock.instant(), minValidity);
            if (found instanceof ColdFetch.Stored stored) {
                return stored.session();
            }
            if (found instanceof ColdFetch.Leased leased) {
                Optional<CachedSession> refreshed = refresher.refreshLeased(leased.job(), replica.id(), deadline);
                if (refreshed.isPresent()) {
                    return refreshed.get();
                }
            } else {
                awaitOtherReplica(deadline);
            }
        }
    }

    /** Another replica holds the lease and is fetching; its result lands in the database shortly, or its lease lapses. */
    private static void awaitOtherReplica(Deadline deadline) {
        if (deadline.remaining().toMillis() < LEASE_POLL_MILLIS) {
            throw deadline.exceeded("another replica's refresh of the session");
        }
        try {
            Thread.sleep(LEASE_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw deadline.exceeded("another replica's refresh of the session (interrupted)");
        }
    }
}
