package dev.rolegate.audit;

import dev.rolegate.logging.ThrottledLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps audit_event's daily partitions {@code days-ahead} days ahead of today and drops those wholly past retention:
 * at start-up and every check interval, on every replica. Replicas need no coordination: the database functions take
 * an advisory lock, creating a partition that exists is a no-op, and a drop another replica is doing is skipped.
 * A failure never stops the application; it is counted, logged at most once a minute, and retried at the next check,
 * days before inserts could miss a partition (see the PrometheusRule's RolegateAuditPartitionsRunningOut).
 */
@ApplicationScoped
public class AuditPartitionMaintenance {

    private static final Logger LOG = Logger.getLogger(AuditPartitionMaintenance.class);
    private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);
    /** The database's floor (V8): it refuses to drop anything younger; a day more absorbs clocks that disagree. */
    static final Duration MIN_RETENTION = Duration.ofDays(31);
    /** Partitions dropped per check at most, so switching retention on over years of audit spreads the drops out. */
    static final int MAX_DROPS_PER_CHECK = 50;

    private final AuditPartitions partitions;
    private final AuditConfig.Partitions ahead;
    private final AuditConfig.Retention retention;
    private final Clock clock;
    private final Counter dropped;
    private final Counter ensureFailures;
    private final Counter dropFailures;
    private final ThrottledLog warnings = new ThrottledLog(LOG, WARN_INTERVAL);
    private volatile Instant coveredUntil;

    public AuditPartitionMaintenance(AuditPartitions partitions, AuditConfig config, Clock clock, MeterRegistry meters) {
        validate(config);
        this.partitions = partitions;
        this.ahead = config.partitions();
        this.retention = config.retention();
        this.clock = clock;
        this.dropped = Counter.builder("rolegate.audit.partitions.dropped")
                .description("audit_event partitions dropped by retention").register(meters);
        this.ensureFailures = failures(meters, "ensure");
        this.dropFailures = failures(meters, "drop");
        Gauge.builder("rolegate.audit.partitions.ahead.seconds", this, AuditPartitionMaintenance::secondsAhead)
                .description("Time from now to the end of audit_event's newest partition as last seen (0 before the first check):"
                        + " how long inserts have a partition to go to").register(meters);
    }

    /** Before serving: a database migrated days ago, with nothing running since, may have partitions for few days left. */
    void start(@Observes StartupEvent event) {
        check();
    }

    @Scheduled(identity = "audit-partitions", every = "${rolegate.audit.partitions.check-interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        check();
    }

    /** Ensures partitions ahead, then applies retention. Never throws. */
    public void check() {
        ensureAhead();
        if (retention.enabled()) {
            dropPastRetention();
        }
    }

    /** Seconds from now to the end of the newest partition, or 0 before any check succeeded (so an alert fires). */
    double secondsAhead() {
        Instant end = coveredUntil;
        return end == null ? 0 : Math.max(0, Duration.between(clock.instant(), end).toMillis() / 1000.0);
    }

    private void ensureAhead() {
        try {
            coveredUntil = partitions.ensure(ahead.daysAhead());
        } catch (SQLException | RuntimeException e) {
            ensureFailures.increment();
            warnings.warnf("Could not ensure audit_event partitions %d days ahead (%s: %s); the newest known ends at %s",
                    ahead.daysAhead(), e.getClass().getSimpleName(), e.getMessage(), coveredUntil);
        }
    }

    private void dropPastRetention() {
        Instant cutoff = clock.instant().minus(retention.period());
        try {
            dropRetired(); // what a check cut short between the two steps left behind
            for (int i = 0; i < MAX_DROPS_PER_CHECK; i++) {
                Optional<String> retired = partitions.retireOldestBefore(cutoff);
                if (retired.isEmpty()) {
                    return;
                }
                dropRetired();
                LOG.infof("Dropped audit partition %s: all its rows are older than %s", retired.get(), cutoff);
            }
        } catch (SQLException | RuntimeException e) {
            // Most often a query holding audit_event (an export) outlasted the detach's 50 ms lock limit: next check.
            dropFailures.increment();
            warnings.warnf("Could not drop audit partitions older than %s (%s: %s); retrying at the next check", cutoff,
                    e.getClass().getSimpleName(), e.getMessage());
        }
    }

    private void dropRetired() throws SQLException {
        dropped.increment(partitions.dropRetired());
    }

    private static Counter failures(MeterRegistry meters, String step) {
        return Counter.builder("rolegate.audit.partitions.failures").tag("step", step)
                .description("Failed audit partition maintenance: ensure (partitions ahead) or drop (retention)").register(meters);
    }

    static void validate(AuditConfig config) {
        int days = config.partitions().daysAhead();
        if (days < 1 || days > 90) {
            throw new IllegalStateException("rolegate.audit.partitions.days-ahead must be between 1 and 90, not " + days);
        }
        if (config.partitions().checkInterval().isNegative() || config.partitions().checkInterval().isZero()) {
            throw new IllegalStateException("rolegate.audit.partitions.check-interval must be positive");
        }
        if (config.retention().enabled() && config.retention().period().compareTo(MIN_RETENTION) < 0) {
            throw new IllegalStateException("rolegate.audit.retention.period must be at least " + MIN_RETENTION.toDays()
                    + " days (the database refuses to drop younger audit), not " + config.retention().period());
        }
    }
}
