package dev.rolegate.session;

import dev.rolegate.db.DatabaseGuard;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Renews the session leases this replica holds while it works on them, every third of the lease. Leases are
 * therefore short: a replica that dies mid-refresh stops renewing, and its leases lapse within seconds instead of
 * keeping other replicas' requests waiting.
 */
@ApplicationScoped
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final SessionStore store;
    private final SessionConfig config;
    private final DatabaseGuard database;
    private final Clock clock;
    private final Map<SessionKey, Holding> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "rolegate-lease-keeper");
        thread.setDaemon(true);
        return thread;
    });

    public LeaseKeeper(SessionStore store, SessionConfig config, DatabaseGuard database, Clock clock) {
        this.store = store;
        this.config = config;
        this.database = database;
        this.clock = clock;
    }

    @PostConstruct
    void start() {
        long period = Math.max(1, config.lease().toMillis() / 3);
        renewals.scheduleWithFixedDelay(this::renewQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Keeps {@code owner}'s lease on {@code key} alive until as many {@link #release}s: this replica may work on one
     * session twice at once (a scheduled refresh, and a request needing more validity than it will bring).
     */
    public void hold(SessionKey key, String owner) {
        held.merge(key, new Holding(owner, 1), (current, more) -> new Holding(owner, current.count() + 1));
    }

    public void release(SessionKey key) {
        held.computeIfPresent(key, (k, current) -> current.count() > 1 ? new Holding(current.owner(), current.count() - 1) : null);
    }

    /** Renews every held lease now, in one statement per owner. */
    void renewAll() {
        Map<String, List<SessionKey>> byOwner = held.entrySet().stream()
                .collect(Collectors.groupingBy(e -> e.getValue().owner(), Collectors.mapping(Map.Entry::getKey, Collectors.toCollection(ArrayList::new))));
        byOwner.forEach((owner, keys) -> database.run(() -> store.extendLeases(owner, keys, clock.instant())));
    }

    private void renewQuietly() {
        if (held.isEmpty()) {
            return;
        }
        try {
            renewAll();
        } catch (RuntimeException e) {
            // An escaping exception would cancel the periodic task; a lapsed lease only lets another replica take over.
            LOG.debugf("Could not renew session leases: %s", e.getClass().getSimpleName());
        }
    }

    @PreDestroy
    void stop() {
        renewals.shutdownNow();
    }

    /** Whose lease, and how many pieces of work on this replica still need it. */
    private record Holding(String owner, int count) {
    }
}
