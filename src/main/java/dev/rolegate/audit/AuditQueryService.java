package dev.rolegate.audit;

import dev.rolegate.db.DatabaseWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Reads the audit for the portal, each read in its own short transaction behind the database guard, so an export
 * that streams for minutes holds neither a transaction nor a connection between its reads.
 */
@ApplicationScoped
public class AuditQueryService {

    private final AuditRepository repository;

    public AuditQueryService(AuditRepository repository) {
        this.repository = repository;
    }

    /** Matching entries before {@code before} (from the newest when null), newest first, and whether older ones follow. */
    @DatabaseWork
    @Transactional
    public Slice newestFirst(AuditFilter filter, AuditCursor before, int limit) {
        // One row more than asked says whether a next page exists, without counting.
        List<AuditEventView> read = repository.newestFirst(filter, before, limit + 1);
        return read.size() > limit ? new Slice(List.copyOf(read.subList(0, limit)), true) : new Slice(read, false);
    }

    /** Up to {@code limit} matching entries after {@code after} that occurred before {@code until}, oldest first. */
    @DatabaseWork
    @Transactional
    public List<AuditEventView> oldestFirst(AuditFilter filter, AuditCursor after, Instant until, int limit) {
        return repository.oldestFirst(filter, after, until, limit);
    }

    /** One page of entries; {@code more} when entries past the last one match too. */
    public record Slice(List<AuditEventView> items, boolean more) {
    }
}
