package dev.rolegate.session;

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
    private final Clock clock;
    private final ExecutorService workers;

    public RefreshRunner(SessionStore store, SessionRefresher refresher, UsageTracker usage, SessionConfig config, Clock clock) {
        this.store = store;
        this.refresher = refresher;
        this.usage = usage;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "rolegate-refresh-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs one pass as {@code owner}; returns how many sessions it claimed. */
    public int runOnce(String owner) {
        Map<SessionKey, Instant> uses = usage.drain();
        if (!uses.isEmpty()) {
            store.touch(uses);
        }
        List<SessionKey> claimed = store.claimDue(owner, clock.instant());
        List<Future<?>> running = new ArrayList<>(claimed.size());
        for (SessionKey key : claimed) {
            running.add(workers.submit(() -> refreshQuietly(key, owner)));
        }
        running.forEach(RefreshRunner::await);
        return claimed.size();
    }

    private void refreshQuietly(SessionKey key, String owner) {
        try {
            refresher.refresh(key, owner, true);
        } catch (RuntimeException e) {
            // Already handled (retry scheduled, or account revoked); the failure is logged where it happened.
            LOG.debugf("Scheduled refresh of %s ended with %s", key, e.getClass().getSimpleName());
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
