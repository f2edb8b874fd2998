package dev.rolegate.db;

/**
 * The database could not do the work in time: unreachable, or too busy. Answered as 503 with Retry-After; the
 * message is safe for callers, database details stay in the cause. No stack trace: during an outage every refused
 * request throws one, and the circuit breaker has already logged why.
 */
public class DatabaseUnavailableException extends RuntimeException {

    private final DatabaseFailure failure;

    public DatabaseUnavailableException(DatabaseFailure failure, Throwable cause) {
        super(failure == DatabaseFailure.BUSY ? "The database is too busy to answer in time; retry shortly"
                : "The database is unavailable; retry shortly", cause, false, false);
        this.failure = failure;
    }

    public DatabaseFailure failure() {
        return failure;
    }
}
