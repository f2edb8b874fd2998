package dev.rolegate.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * Which audit entries to list; a null field does not filter. The time range is half-open:
 * {@code from <= occurredAt < to}, so consecutive ranges never list an entry twice.
 */
public record AuditFilter(UUID accountId, String actor, AuditAction action, Instant from, Instant to) {

    public AuditFilter {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to");
        }
    }

    public static AuditFilter none() {
        return new AuditFilter(null, null, null, null, null);
    }
}
