package dev.rolegate.session;

import dev.rolegate.cache.RefreshAheadCache;
import dev.rolegate.cache.RefreshAheadCaches;
import dev.rolegate.time.Deadline;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decrypted sessions in memory, so the hot path touches neither the database nor the AEAD. An entry is
 * served only until its stale point and for at most {@code cache-revalidate} after loading, which bounds
 * how long another replica's revocation or refresh goes unnoticed here. Sessions in use are re-read in the
 * background before that bound, so requests do not wait for the revalidation.
 */
@Startup // builds its cache now, so a non-positive ttl stops start-up
@ApplicationScoped
public class SessionCache {

    private final SessionStore store;
    private final Clock clock;
    private final RefreshAheadCache<SessionKey, CachedSession> sessions;

    public SessionCache(SessionStore store, SessionConfig config, Clock clock, RefreshAheadCaches caches) {
        this.store = store;
        this.clock = clock;
        this.sessions = caches.create("session", config.cacheRevalidate(), config.cacheMaxSize(), this::revalidate);
    }

    /** The cached session, unless it is due for revalidation by the injected clock. Never blocks. */
    public CachedSession get(SessionKey key) {
        return sessions.getIfFresh(key);
    }

    /**
     * The cached session if {@code acceptable}, else one loaded by {@code load}: the cache's single flight, so concurrent
     * callers share one load; each waits only until its {@code deadline}.
     */
    public CachedSession get(SessionKey key, Predicate<CachedSession> acceptable, Function<SessionKey, CachedSession> load, Deadline deadline) {
        return sessions.get(key, acceptable, load, deadline);
    }

    /** Taken before reading a session from the database, for {@link #put}. */
    public RefreshAheadCache.Mark mark() {
        return sessions.mark();
    }

    /** Caches a session read since {@code readStarted}, unless sessions were invalidated in between (e.g. a purge). */
    public void put(CachedSession session, RefreshAheadCache.Mark readStarted) {
        sessions.put(session.key(), session, readStarted);
    }

    public void invalidateAccount(UUID accountId) {
        sessions.invalidateKeysIf(key -> key.accountId().equals(accountId));
    }

    public long size() {
        return sessions.size();
    }

    /**
     * The stored session if it is still servable, else null, which drops the entry: the next request then
     * takes the loading path, which refreshes the session or refuses the account.
     */
    private CachedSession revalidate(SessionKey key) {
        return store.loadServable(key, clock.instant()).orElse(null);
    }
}
