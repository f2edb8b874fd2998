package dev.rolegate.audit;

/**
 * The audit entry was not confirmed as committed, so the caller must not issue or change anything.
 * Answered as a 503 with Retry-After by {@link AuditMappers}. The message names the reason only;
 * database details stay in the cause and the writer's log.
 */
public class AuditUnavailableException extends RuntimeException {

    /** Why the entry was refused; also the {@code reason} tag of {@code rolegate.audit.rejections}. */
    public enum Reason {
        QUEUE_FULL("queue_full", "the audit queue is full"),
        TIMEOUT("timeout", "the audit commit did not finish in time"),
        WRITE_FAILED("write_failed", "the audit store could not be written"),
        DATABASE_DOWN("database_down", "the database is unavailable"),
        DATABASE_BUSY("database_busy", "the audit table is locked"),
        CLOSED("closed", "the audit log is shut down"),
        INTERRUPTED("interrupted", "the caller was interrupted while waiting for the audit commit");

        private final String tag;
        private final String message;

        Reason(String tag, String message) {
            this.tag = tag;
            this.message = message;
        }

        public String tag() {
            return tag;
        }
    }

    private final Reason reason;

    public AuditUnavailableException(Reason reason, Throwable cause) {
        super(reason.message, cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
