package dev.rolegate.session;

import dev.rolegate.db.DatabaseGuard;
import dev.rolegate.db.DatabaseUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One scheduler pass: store recorded usage, claim due sessions under a lease, refresh them with
 * bounded concurrency. Safe to run on any number of replicas at once.
 */
@ApplicationScoped
public class RefreshRunner {

    private static final Logger LOG = Logger.getLogger(RefreshRunner.class);

    private final SessionStore store;
    private final SessionRefresher refresher;
    private final UsageTracker usage;
    private final LeaseKeeper leases;
    private final DatabaseGuard database;
    private final Clock clock;
    private final ExecutorService workers;

    public RefreshRunner(SessionStore store, SessionRefresher refresher, UsageTracker usage, LeaseKeeper leases, DatabaseGuard database,
            SessionConfig config, Clock clock) {
        this.store = store;
        this.refresher = refresher;
        this.usage = usage;
        this.leases = leases;
        this.database = database;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "rolegate-refresh-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs one pass as {@code owner}; returns how many sessions it claimed. A pass during a database outage claims nothing. */
    public int runOnce(String owner) {
        List<SessionKey> claimed;
        try {
            claimed = database.call(() -> claim(owner));
        } catch (DatabaseUnavailableException e) {
            LOG.debugf("Skipping a refresh pass: %s", e.getMessage());
            return 0;
        }
        List<Future<?>> running = new ArrayList<>(claimed.size());
        for (SessionKey key : claimed) {
            running.add(workers.submit(() -> refresh(key, owner)));
        }
        running.forEach(RefreshRunner::await);
        return claimed.size();
    }

    /** Stores recorded usage, then claims due sessions and holds their leases until each is refreshed. */
    private List<SessionKey> claim(String owner) {
        Map<SessionKey, Instant> uses = usage.drain();
        try {
            store.touch(uses);
        } catch (RuntimeException e) {
            uses.forEach(usage::touch); // kept for the next pass rather than lost
            throw e;
        }
        List<SessionKey> claimed = store.claimDue(owner, clock.instant());
        claimed.forEach(key -> leases.hold(key, owner));
        return claimed;
    }

    /** refreshScheduled records its own failures; during an outage it is not started, and the lease lapses until the database is back. */
    private void refresh(SessionKey key, String owner) {
        try {
            if (database.isAvailable()) {
                refresher.refreshScheduled(key, owner);
            } else {
                refresher.refusedBeforeStart();
                LOG.debugf("Refresh of %s not started: the database is unavailable", key);
            }
        } finally {
            leases.release(key);
        }
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.error("Refresh task failed unexpectedly", e.getCause());
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
