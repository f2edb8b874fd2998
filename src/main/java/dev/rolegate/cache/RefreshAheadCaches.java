package dev.rolegate.cache;

import dev.rolegate.background.DetachedExecutor;
import dev.rolegate.db.DatabaseGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Builds {@link RefreshAheadCache}s on the injected clock, reloading on the {@link DetachedExecutor}. Loaders read the
 * database, so they run behind the {@link DatabaseGuard}: during an outage a reload is refused at once.
 */
@ApplicationScoped
public class RefreshAheadCaches {

    private final Clock clock;
    private final DetachedExecutor reloads;
    private final DatabaseGuard database;
    private final List<RefreshAheadCache<?, ?>> created = new CopyOnWriteArrayList<>();

    public RefreshAheadCaches(Clock clock, DetachedExecutor reloads, DatabaseGuard database) {
        this.clock = clock;
        this.reloads = reloads;
        this.database = database;
    }

    /**
     * A cache named {@code name} in logs, trusting an entry for {@code ttl} and holding at most {@code maximumSize}.
     * {@code loader} may block; it runs on the caller of {@link RefreshAheadCache#get} or on a detached thread.
     */
    public <K, V> RefreshAheadCache<K, V> create(String name, Duration ttl, long maximumSize, Function<K, V> loader) {
        RefreshAheadCache<K, V> cache = new RefreshAheadCache<>(name, ttl, maximumSize, key -> database.call(() -> loader.apply(key)), clock, reloads);
        created.add(cache);
        return cache;
    }

    /** Drops every entry of every cache built here, for when changes made elsewhere may have gone unannounced. */
    public void invalidateAll() {
        created.forEach(cache -> cache.invalidateKeysIf(key -> true));
    }
}
