package dev.rolegate.session;

import dev.rolegate.cache.RefreshAheadCache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The broker's entry point: credentials for (account, scope) valid for at least a given time.
 * Served from memory when possible; otherwise one caller per replica fetches (single-flight), and
 * the session's lease makes that one across replicas.
 */
@ApplicationScoped
public class SessionService {

    private static final long LEASE_POLL_MILLIS = 100;

    private final SessionCache cache;
    private final SessionStore store;
    private final SessionRefresher refresher;
    private final UsageTracker usage;
    private final ReplicaIdentity replica;
    private final SessionConfig config;
    private final Clock clock;
    private final ConcurrentMap<SessionKey, CompletableFuture<CachedSession>> inFlight = new ConcurrentHashMap<>();

    public SessionService(SessionCache cache, SessionStore store, SessionRefresher refresher, UsageTracker usage, ReplicaIdentity replica,
            SessionConfig config, Clock clock) {
        this.cache = cache;
        this.store = store;
        this.refresher = refresher;
        this.usage = usage;
        this.replica = replica;
        this.config = config;
        this.clock = clock;
    }

    /**
     * A session valid for at least {@code minValidity}. Refreshes inline only when no stored session
     * qualifies. Throws {@link AccountNotServableException} for accounts that are not CONNECTED, and
     * {@link dev.rolegate.aws.StsCallException} when STS could not produce one.
     */
    public CachedSession credentials(UUID accountId, SessionScope scope, Duration minValidity) {
        CachedSession hit = fromMemory(accountId, scope, minValidity);
        if (hit != null) {
            return hit;
        }
        CachedSession session = singleFlight(new SessionKey(accountId, scope.hash()), scope, minValidity);
        usage.touch(session.key(), clock.instant());
        return session;
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

    /** {@link #credentials(UUID, SessionScope, Duration)} for the role's full permissions. */
    public CachedSession credentials(SessionKey unscoped, Duration minValidity) {
        if (!SessionKey.EMPTY_SCOPE.equals(unscoped.scopeHash())) {
            throw new IllegalArgumentException("a scoped session needs its SessionScope");
        }
        return credentials(unscoped.accountId(), SessionScope.EMPTY, minValidity);
    }

    private CachedSession singleFlight(SessionKey key, SessionScope scope, Duration minValidity) {
        CompletableFuture<CachedSession> mine = new CompletableFuture<>();
        CompletableFuture<CachedSession> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            CachedSession shared = join(running);
            return shared.qualifies(clock.instant(), minValidity) ? shared : fetch(key, scope, minValidity);
        }
        try {
            CachedSession fetched = fetch(key, scope, minValidity);
            mine.complete(fetched);
            return fetched;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** From the database if a stored session qualifies, else from STS under the session's lease. */
    private CachedSession fetch(SessionKey key, SessionScope scope, Duration minValidity) {
        Instant deadline = clock.instant().plus(config.lease().multipliedBy(2));
        while (true) {
            RefreshAheadCache.Mark readStarted = cache.mark();
            Instant now = readStarted.at();
            Optional<CachedSession> stored = store.loadServable(key, now, minValidity);
            if (stored.isPresent()) {
                cache.put(stored.get(), readStarted);
                return stored.get();
            }
            if (store.tryLease(key, scope, replica.id(), now)) {
                Optional<CachedSession> refreshed = refresher.refresh(key, replica.id(), false);
                if (refreshed.isPresent()) {
                    return refreshed.get();
                }
            } else if (now.isAfter(deadline)) {
                throw new IllegalStateException("the lease on session " + key + " was held past its expiry");
            } else {
                pause();
            }
        }
    }

    /** Another replica holds the lease and is fetching; its result lands in the database shortly. */
    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(LEASE_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another replica's refresh", e);
        }
    }

    private static CachedSession join(CompletableFuture<CachedSession> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
