package dev.rolegate.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a failure says about the database: unreachable (an outage, which opens the circuit breaker), too busy to
 * answer in time (a lock or statement timeout, refused without opening it), or nothing (a bug or a constraint).
 * Total: any throwable, however wrapped, gets an answer.
 */
public enum DatabaseFailure {
    OUTAGE, BUSY, NONE;

    /** SQLState class 08 (connection exceptions) and the server's own "going away" states. */
    private static final Set<String> OUTAGE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    /** Lock not available (lock_timeout), query cancelled (statement_timeout), deadlock, serialization failure. */
    private static final Set<String> BUSY_STATES = Set.of("55P03", "57014", "40P01", "40001");
    private static final Set<String> OUTAGE_TYPES = Set.of("org.hibernate.exception.JDBCConnectionException");
    private static final Set<String> BUSY_TYPES = Set.of("org.hibernate.exception.LockTimeoutException", "org.hibernate.PessimisticLockException",
            "jakarta.persistence.LockTimeoutException", "jakarta.persistence.PessimisticLockException", "jakarta.persistence.QueryTimeoutException",
            "org.hibernate.QueryTimeoutException");
    /** Agroal's message when no connection could be had in time; during an outage that is every request's fate. */
    private static final String ACQUISITION_TIMEOUT = "Acquisition timeout";
    private static final int MAX_DEPTH = 32;

    /** The most telling classification among {@code failure} and its causes: an outage outranks a busy database. */
    public static DatabaseFailure of(Throwable failure) {
        DatabaseFailure found = NONE;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH && seen.put(current, true) == null; depth++) {
            DatabaseFailure here = classifyOne(current);
            if (here == OUTAGE) {
                return OUTAGE;
            }
            if (here == BUSY) {
                found = BUSY;
            }
            current = current.getCause();
        }
        return found;
    }

    private static DatabaseFailure classifyOne(Throwable t) {
        if (t instanceof DatabaseUnavailableException unavailable) {
            return unavailable.failure();
        }
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException
                || OUTAGE_TYPES.contains(t.getClass().getName())) {
            return OUTAGE;
        }
        if (t instanceof SQLTimeoutException || BUSY_TYPES.contains(t.getClass().getName())) {
            return BUSY;
        }
        return t instanceof SQLException sql ? ofSqlException(sql) : NONE;
    }

    private static DatabaseFailure ofSqlException(SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || OUTAGE_STATES.contains(state))) {
            return OUTAGE;
        }
        if (state != null && BUSY_STATES.contains(state)) {
            return BUSY;
        }
        String message = sql.getMessage();
        return message != null && message.startsWith(ACQUISITION_TIMEOUT) ? OUTAGE : NONE;
    }
}
