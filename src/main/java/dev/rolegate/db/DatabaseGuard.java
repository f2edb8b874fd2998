package dev.rolegate.db;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Runs database work behind one circuit breaker (SmallRye Fault Tolerance), so that during an outage requests
 * are refused at once instead of each waiting for a connection that will not come. The breaker opens when most
 * recent calls met an outage and then refuses everything. No request tests the database while it is open: a
 * connection attempt to a database that is down still takes the pool about a second, so a background probe takes
 * the breaker's test call instead, and serving resumes when the probe gets a connection. Lock and statement
 * timeouts are refused as {@link DatabaseUnavailableException} too, but do not open it: they say one table is
 * busy, not that the database is gone.
 *
 * <p>Only the outermost guarded call on a thread counts, so services may guard what they call without
 * counting one failure twice. One WARN when an outage begins and one INFO when it ends: a trace per refused
 * request would flood the log.
 */
@Startup // validates its configuration now, not in the first outage
@ApplicationScoped
public class DatabaseGuard {

    private static final Logger LOG = Logger.getLogger(DatabaseGuard.class);
    private static final ThreadLocal<Boolean> GUARDED = new ThreadLocal<>();
    /** How long after the last sign of an outage the libraries' own warnings about it stay quiet. */
    private static final Duration QUIET_AFTER_FAILURE = Duration.ofSeconds(5);
    private static final int PROBE_VALIDATION_SECONDS = 2;
    private static final Duration MIN_DELAY = Duration.ofMillis(100);

    private final Guard guard;
    private final AgroalDataSource dataSource;
    private final Counter refusals;
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "rolegate-database-probe");
        thread.setDaemon(true);
        return thread;
    });
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
    private volatile long outageStartedNanos;

    public DatabaseGuard(DatabaseConfig config, AgroalDataSource dataSource, MeterRegistry meters) {
        validate(config);
        this.dataSource = dataSource;
        this.guard = Guard.create().withDescription("database")
                .withCircuitBreaker()
                .requestVolumeThreshold(config.circuit().window())
                .failureRatio(config.circuit().failureRatio())
                .delay(config.circuit().delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .when(DatabaseGuard::isOutage)
                .onStateChange(this::changed)
                .done()
                .build();
        this.refusals = Counter.builder("rolegate.database.refusals").description("Database work refused at once because the circuit was open")
                .register(meters);
        Gauge.builder("rolegate.database.circuit.open", this, g -> g.isAvailable() ? 0 : 1)
                .description("1 while the database circuit breaker is open or testing (an outage), else 0").register(meters);
        long probeMillis = Math.max(1, config.circuit().delay().toMillis() / 2);
        prober.scheduleWithFixedDelay(this::probeWhileOpen, probeMillis, probeMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code work}; throws {@link DatabaseUnavailableException} if the database is down or too busy, and
     * anything else {@code work} throws as it is. Checked exceptions that are not database failures come back
     * wrapped in an {@link IllegalStateException}.
     */
    public <T> T call(Callable<T> work) {
        if (Boolean.TRUE.equals(GUARDED.get())) {
            return callUnguarded(work);
        }
        if (!isAvailable()) {
            throw refused();
        }
        GUARDED.set(Boolean.TRUE);
        try {
            return guarded(work);
        } finally {
            GUARDED.remove();
        }
    }

    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** False during an outage (the circuit open or being tested): work would be refused, so callers may refuse before starting it. */
    public boolean isAvailable() {
        return state == CircuitBreakerState.CLOSED;
    }

    private <T> T guarded(Callable<T> work) {
        try {
            return breakerCall(work);
        } catch (CircuitBreakerOpenException open) {
            throw refused();
        } catch (Exception e) {
            throw translated(e);
        }
    }

    private DatabaseUnavailableException refused() {
        refusals.increment();
        return new DatabaseUnavailableException(DatabaseFailure.OUTAGE, null);
    }

    @SuppressWarnings("unchecked")
    private <T> T breakerCall(Callable<T> work) throws Exception {
        return (T) guard.call(work::call, Object.class);
    }

    /** The breaker's test call while it is not closed: whether the pool can hand out a working connection now. */
    private void probeWhileOpen() {
        if (isAvailable()) {
            return;
        }
        try {
            breakerCall(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    if (!connection.isValid(PROBE_VALIDATION_SECONDS)) {
                        throw new SQLTransientConnectionException("the database did not answer the probe");
                    }
                }
                return null;
            });
        } catch (Throwable stillDown) {
            // Refused while open, or the probe failed: the breaker stays open and the next probe tries again. Nothing
            // may escape, or the scheduled probe would stop for good and the circuit never close.
        }
    }

    private static boolean isOutage(Throwable failure) {
        boolean outage = DatabaseFailure.of(failure) == DatabaseFailure.OUTAGE;
        if (outage) {
            DatabaseNoiseFilter.quietFor(QUIET_AFTER_FAILURE);
        }
        return outage;
    }

    private static <T> T callUnguarded(Callable<T> work) {
        try {
            return work.call();
        } catch (Exception e) {
            throw translated(e);
        }
    }

    private static RuntimeException translated(Exception e) {
        if (e instanceof DatabaseUnavailableException unavailable) {
            return unavailable;
        }
        DatabaseFailure failure = DatabaseFailure.of(e);
        if (failure != DatabaseFailure.NONE) {
            return new DatabaseUnavailableException(failure, e);
        }
        return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }

    private void changed(CircuitBreakerState next) {
        CircuitBreakerState previous = state;
        state = next;
        if (next == CircuitBreakerState.OPEN && previous == CircuitBreakerState.CLOSED) {
            outageStartedNanos = System.nanoTime();
            LOG.warn("Database unreachable: refusing database work with 503 until a probe reaches it again");
            // Pooled connections did not survive the outage; drop them as they come back rather than hand them out again.
            dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
        } else if (next == CircuitBreakerState.CLOSED && previous != CircuitBreakerState.CLOSED) {
            LOG.infof("Database reachable again after %d s; serving resumes", Duration.ofNanos(System.nanoTime() - outageStartedNanos).toSeconds());
        }
    }

    /** A breaker that cannot open, or a probe that spins, would be found only in the first outage: refuse to start instead. */
    static void validate(DatabaseConfig config) {
        DatabaseConfig.Circuit circuit = config.circuit();
        if (circuit.window() < 1 || !(circuit.failureRatio() > 0 && circuit.failureRatio() <= 1)) {
            throw new IllegalStateException("rolegate.database.circuit.window must be at least 1 and failure-ratio in (0, 1]");
        }
        if (circuit.delay().compareTo(MIN_DELAY) < 0) {
            throw new IllegalStateException("rolegate.database.circuit.delay must be at least " + MIN_DELAY.toMillis() + " ms");
        }
    }

    @PreDestroy
    void stop() {
        prober.shutdownNow();
    }
}
