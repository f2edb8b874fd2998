package dev.rolegate.audit;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of audit entries, newest first. */
@Schema(name = "AuditPage")
public record AuditPage(
        @Schema(description = "Entries on this page, newest first") List<AuditEventView> items,
        @Schema(description = "Zero-based page index") int page,
        @Schema(description = "Page size") int size,
        @Schema(description = "Entries matching the filter across all pages") long total) {
}
