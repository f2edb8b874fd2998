package dev.rolegate.session;

import dev.rolegate.db.DatabaseGuard;
import dev.rolegate.db.DatabaseUnavailableException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * Session gauges. One aggregate query feeds them all, at most once per {@link #MAX_AGE}, so a scrape
 * never costs more than that and the scheduler's tick costs nothing extra.
 */
@ApplicationScoped
public class SessionMetrics {

    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final SessionStore store;
    private final DatabaseGuard database;
    private final Clock clock;
    private volatile Snapshot snapshot;

    public SessionMetrics(SessionStore store, DatabaseGuard database, Clock clock) {
        this.store = store;
        this.database = database;
        this.clock = clock;
    }

    void register(@Observes StartupEvent event, MeterRegistry meters) {
        gauge(meters, "fresh", s -> s.stats().fresh());
        gauge(meters, "refresh_due", s -> s.stats().refreshing());
        gauge(meters, "stale", s -> s.stats().stale());
        Gauge.builder("rolegate.session.refresh.backlog", this, m -> m.value(s -> s.stats().due()))
                .description("Sessions due for refresh and not yet refreshed").register(meters);
        Gauge.builder("rolegate.session.soonest.expiry.seconds", this, m -> m.value(Snapshot::secondsUntilSoonestExpiry))
                .description("Seconds until the soonest-expiring stored session expires (NaN with none)").register(meters);
    }

    private void gauge(MeterRegistry meters, String state, ToDoubleFunction<Snapshot> value) {
        Gauge.builder("rolegate.sessions", this, m -> m.value(value))
                .tag("state", state).description("Stored sessions by state").register(meters);
    }

    /** A figure of the latest snapshot; NaN while the database has never answered, so a scrape never fails. */
    private double value(ToDoubleFunction<Snapshot> figure) {
        Snapshot current = current();
        return current == null ? Double.NaN : figure.applyAsDouble(current);
    }

    /** The latest figures; while the database is unavailable, the last ones read (null before any). */
    synchronized Snapshot current() {
        Instant now = clock.instant();
        if (snapshot == null || !now.isBefore(snapshot.takenAt().plus(MAX_AGE)) || now.isBefore(snapshot.takenAt())) {
            try {
                snapshot = new Snapshot(database.call(() -> store.stats(now)), now);
            } catch (DatabaseUnavailableException e) {
                return snapshot;
            }
        }
        return snapshot;
    }

    record Snapshot(SessionRepository.SessionStats stats, Instant takenAt) {

        double secondsUntilSoonestExpiry() {
            return stats.soonestExpiry() == null ? Double.NaN : Duration.between(takenAt, stats.soonestExpiry()).toMillis() / 1000.0;
        }
    }
}
