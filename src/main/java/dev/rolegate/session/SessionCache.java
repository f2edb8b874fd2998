package dev.rolegate.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Decrypted sessions in memory, so the hot path touches neither the database nor the AEAD. An entry is
 * served only until its stale point and for at most {@code cache-revalidate} after loading, which bounds
 * how long another replica's revocation or refresh goes unnoticed here.
 */
@ApplicationScoped
public class SessionCache {

    private final Cache<SessionKey, CachedSession> sessions;
    private final SessionConfig config;
    private final Clock clock;

    public SessionCache(SessionConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.sessions = Caffeine.newBuilder()
                .maximumSize(config.cacheMaxSize())
                .expireAfterWrite(config.cacheRevalidate())
                .build();
    }

    /** The cached session, unless it is due for revalidation by the injected clock. */
    public CachedSession get(SessionKey key) {
        CachedSession cached = sessions.getIfPresent(key);
        if (cached == null) {
            return null;
        }
        Instant now = clock.instant();
        return now.isBefore(cached.loadedAt().plus(config.cacheRevalidate())) ? cached : null;
    }

    public void put(CachedSession session) {
        sessions.put(session.key(), session);
    }

    public void invalidateAccount(UUID accountId) {
        sessions.asMap().keySet().removeIf(key -> key.accountId().equals(accountId));
    }

    public long size() {
        return sessions.estimatedSize();
    }
}
