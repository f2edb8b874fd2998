package dev.rolegate.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rolegate.db.DatabaseUnavailableException;
import dev.rolegate.time.Deadline;
import dev.rolegate.time.DeadlineExceededException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Answers trusted from memory for at most {@code ttl} after they were loaded, and kept warm by reloading
 * them before that bound, in the manner of the AWS SDK's {@code CachedSupplier}.
 *
 * <ul>
 * <li><b>Staleness bound.</b> An entry is never served {@code ttl} or more after its load began; that is
 * how late a change made elsewhere (another replica, the database) may take effect here.</li>
 * <li><b>Refresh-ahead.</b> The first read past an entry's refresh point, jittered between half and three
 * quarters of {@code ttl} so that entries loaded together do not reload together, starts one reload in the
 * background. Readers keep the current value meanwhile, so a hot entry never expires in their faces.</li>
 * <li><b>Static stability.</b> A failed reload keeps the current value until its bound and is retried no
 * sooner than a tenth of {@code ttl} later.</li>
 * <li><b>Single flight.</b> A blocking {@link #get} on a miss loads once per key, however many callers wait, and
 * each waits only until its own deadline.</li>
 * <li><b>Invalidation wins.</b> A load or reload that overlaps an invalidation is not cached.</li>
 * </ul>
 *
 * The loader may return null for "nothing to cache" (e.g. not found); a reload returning null drops the entry.
 */
public final class RefreshAheadCache<K, V> {

    private static final Logger LOG = Logger.getLogger(RefreshAheadCache.class);

    private final String name;
    private final Duration ttl;
    private final Function<K, V> loader;
    private final Clock clock;
    private final Executor background;
    private final Cache<K, Entry<V>> entries;
    private final ConcurrentMap<K, InFlight<V>> loading = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();

    RefreshAheadCache(String name, Duration ttl, long maximumSize, Function<K, V> loader, Clock clock, Executor background) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the " + name + " cache needs a positive ttl, not " + ttl);
        }
        this.name = name;
        this.ttl = ttl;
        this.loader = loader;
        this.clock = clock;
        this.background = background;
        // Caffeine bounds the memory only; freshness is decided by the injected clock, below.
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).build();
    }

    /** The value if one is held and within its bound, else null; starts a background reload when due. Never blocks. */
    public V getIfFresh(K key) {
        Entry<V> entry = entries.getIfPresent(key);
        if (entry == null) {
            return null;
        }
        Instant now = clock.instant();
        if (!now.isBefore(entry.expiresAt())) {
            return null;
        }
        if (entry.claimRefresh(now)) {
            reloadInBackground(key, entry);
        }
        return entry.value();
    }

    /**
     * The fresh value, or the loaded one (null if the loader found nothing). Blocks on a miss, so call it from a
     * worker thread; waits for another caller's load only until {@code deadline}.
     */
    public V get(K key, Deadline deadline) {
        return get(key, value -> true, loader, deadline);
    }

    /**
     * The fresh value if {@code acceptable}, else the result of a load: another caller's load of {@code key} if one is
     * running and its result is acceptable, or this caller's own, by {@code load}, which must return an acceptable value
     * (or null for "nothing there", which is final). This is the one single-flight: however many callers need a key, one
     * loads at a time, and a caller needing more than that load gave loads next.
     *
     * @throws DeadlineExceededException if another caller's load has not finished by {@code deadline}
     */
    public V get(K key, Predicate<? super V> acceptable, Function<? super K, ? extends V> load, Deadline deadline) {
        V fresh = getIfFresh(key);
        if (fresh != null && acceptable.test(fresh)) {
            return fresh;
        }
        InFlight<V> mine = new InFlight<>(new CompletableFuture<>(), mark());
        while (true) {
            InFlight<V> running = loading.putIfAbsent(key, mine);
            if (running == null) {
                return loadAsLeader(key, mine, load);
            }
            if (running.startedAt().invalidations() >= mine.startedAt().invalidations()) {
                V joined = join(running.result(), deadline);
                if (joined == null || acceptable.test(joined)) {
                    return joined;
                }
                // Not enough for this caller (say, too close to expiry): load anew once that load is out of the way.
                loading.remove(key, running);
            } else if (loading.replace(key, running, mine)) {
                // An invalidation came after that load began, so its answer may be what was just invalidated: load anew.
                return loadAsLeader(key, mine, load);
            }
        }
    }

    /** Taken before reading a value elsewhere, for {@link #put}. */
    public Mark mark() {
        return new Mark(invalidations.get(), clock.instant());
    }

    /**
     * Caches a value read elsewhere since {@code readStarted}, dated from then, unless an invalidation came
     * in between: it may be what was invalidated.
     */
    public void put(K key, V value, Mark readStarted) {
        cacheUnlessInvalidated(key, null, newEntry(value, readStarted.at()), readStarted.invalidations());
    }

    public void invalidate(K key) {
        invalidations.incrementAndGet();
        entries.invalidate(key);
    }

    public void invalidateIf(Predicate<? super V> which) {
        invalidations.incrementAndGet();
        entries.asMap().values().removeIf(entry -> which.test(entry.value()));
    }

    public void invalidateKeysIf(Predicate<? super K> which) {
        invalidations.incrementAndGet();
        entries.asMap().keySet().removeIf(which);
    }

    public long size() {
        return entries.estimatedSize();
    }

    private V loadAsLeader(K key, InFlight<V> mine, Function<? super K, ? extends V> load) {
        try {
            V loaded = load.apply(key);
            if (loaded != null) {
                put(key, loaded, mine.startedAt());
            }
            mine.result().complete(loaded);
            return loaded;
        } catch (RuntimeException | Error e) {
            mine.result().completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(key, mine);
        }
    }

    /** Callers waiting on another's load of {@code key}; for tests. */
    int waitersFor(K key) {
        InFlight<V> running = loading.get(key);
        return running == null ? 0 : running.result().getNumberOfDependents();
    }

    private void reloadInBackground(K key, Entry<V> current) {
        long invalidationsBefore = invalidations.get();
        try {
            background.execute(() -> reload(key, current, invalidationsBefore));
        } catch (RejectedExecutionException saturated) {
            current.refreshFailed(clock.instant(), retryDelay());
        }
    }

    private void reload(K key, Entry<V> current, long invalidationsBefore) {
        Instant startedAt = clock.instant();
        try {
            V reloaded = loader.apply(key);
            if (reloaded == null) {
                entries.asMap().remove(key, current);
            } else {
                cacheUnlessInvalidated(key, current, newEntry(reloaded, startedAt), invalidationsBefore);
            }
        } catch (RuntimeException | Error e) {
            // Static stability: keep serving the current value until its bound; never log the key, it may be derived from a secret.
            // A database outage is logged once by the DatabaseGuard, not once per entry.
            if (e instanceof DatabaseUnavailableException) {
                LOG.debugf("Could not reload a %s cache entry while the database is unavailable", name);
            } else {
                LOG.warnf("Could not reload a %s cache entry, serving the current one until it expires: %s", name, e.getClass().getName());
            }
            current.refreshFailed(clock.instant(), retryDelay());
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    /**
     * Stores {@code fresh} in place of {@code current} (null: whatever is there), then withdraws it if an invalidation
     * overlapped. Conservative: any invalidation in this cache counts, since predicates cannot be matched against a
     * value not yet stored; invalidations are rare admin changes, and a withdrawn entry is simply loaded again.
     */
    private void cacheUnlessInvalidated(K key, Entry<V> current, Entry<V> fresh, long invalidationsBefore) {
        if (current == null) {
            entries.put(key, fresh);
        } else if (!entries.asMap().replace(key, current, fresh)) {
            return;
        }
        if (invalidations.get() != invalidationsBefore) {
            entries.asMap().remove(key, fresh);
        }
    }

    private Entry<V> newEntry(V value, Instant loadedAt) {
        long halfTtlNanos = ttl.toNanos() / 2;
        Duration refreshAfter = Duration.ofNanos(halfTtlNanos + ThreadLocalRandom.current().nextLong(halfTtlNanos / 2 + 1));
        return new Entry<>(value, loadedAt.plus(ttl), new AtomicReference<>(loadedAt.plus(refreshAfter)));
    }

    private Duration retryDelay() {
        return ttl.dividedBy(10);
    }

    private V join(CompletableFuture<V> running, Deadline deadline) {
        try {
            return running.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw deadline.exceeded("another request's load of a " + name + " cache entry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw deadline.exceeded("another request's load of a " + name + " cache entry (interrupted)");
        }
    }

    /** The invalidation count and the time when a read began. */
    public record Mark(long invalidations, Instant at) {
    }

    /** A blocking load in progress, and when it began. */
    private record InFlight<V>(CompletableFuture<V> result, Mark startedAt) {
    }

    /**
     * A cached value, its hard bound, and when it may next be reloaded ({@link Instant#MAX} while a reload runs).
     * Two entries are equal only if they are the same entry, since each has its own {@code refreshAt}.
     */
    private record Entry<V>(V value, Instant expiresAt, AtomicReference<Instant> refreshAt) {

        /** True for exactly one caller once the refresh point has passed. */
        boolean claimRefresh(Instant now) {
            Instant due = refreshAt.get();
            return !now.isBefore(due) && refreshAt.compareAndSet(due, Instant.MAX);
        }

        void refreshFailed(Instant now, Duration retryDelay) {
            refreshAt.set(now.plus(retryDelay));
        }

        @Override
        public String toString() {
            return "Entry[expiresAt=" + expiresAt + "]";
        }
    }
}
