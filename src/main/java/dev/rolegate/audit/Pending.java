package dev.rolegate.audit;

import dev.rolegate.audit.AuditUnavailableException.Reason;
import java.util.concurrent.CompletableFuture;

/**
 * An entry on its way to the table, the outcome its caller waits for, and the {@link System#nanoTime} by which it
 * must be committed or refused.
 */
record Pending(AuditEntry entry, CompletableFuture<Void> done, long deadline) {

    boolean isOverdue(long now) {
        return now - deadline >= 0;
    }

    /** Tells the caller no; a no-op if its outcome is already known. */
    void refuse(Reason reason) {
        done.completeExceptionally(new AuditUnavailableException(reason, null));
    }
}
