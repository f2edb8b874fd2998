package dev.rolegate.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Reads the audit for the portal, page and total in one read transaction. */
@ApplicationScoped
public class AuditQueryService {

    private final AuditRepository repository;

    public AuditQueryService(AuditRepository repository) {
        this.repository = repository;
    }

    @Transactional
    public AuditPage list(AuditFilter filter, int page, int size) {
        AuditRepository.Slice slice = repository.page(filter, page, size);
        return new AuditPage(slice.items(), page, size, slice.total());
    }
}
