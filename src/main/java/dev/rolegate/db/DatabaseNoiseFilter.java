package dev.rolegate.db;

import io.quarkus.logging.LoggingFilter;
import java.time.Duration;
import java.util.Set;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Keeps a database outage to the one WARN the {@link DatabaseGuard} writes. Without it, every request that meets
 * the dead database makes the connection pool and the transaction manager each log a warning, the latter with a
 * stack trace. Their warnings are dropped when they are about a database failure, or while an outage is known;
 * errors, and warnings at any other time, pass.
 */
@LoggingFilter(name = DatabaseNoiseFilter.NAME)
public final class DatabaseNoiseFilter implements Filter {

    public static final String NAME = "database-outage-noise";
    private static final Set<String> NOISY = Set.of("io.agroal.pool", "com.arjuna.ats.jta", "com.arjuna.ats.arjuna");
    private static volatile long quietUntilNanos = System.nanoTime();

    /** Drops the libraries' warnings for {@code period} from now; called whenever the guard sees the database gone. */
    static void quietFor(Duration period) {
        quietUntilNanos = System.nanoTime() + period.toNanos();
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getLevel().intValue() > Level.WARNING.intValue() || !isNoisy(record.getLoggerName())) {
            return true;
        }
        boolean aboutTheDatabase = record.getThrown() != null && DatabaseFailure.of(record.getThrown()) != DatabaseFailure.NONE;
        return !aboutTheDatabase && System.nanoTime() - quietUntilNanos > 0;
    }

    private static boolean isNoisy(String logger) {
        return logger != null && NOISY.stream().anyMatch(logger::startsWith);
    }
}
