package dev.rolegate.audit;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of audit entries, newest first, and where the next page starts. There is no total: counting every match costs a scan. */
@Schema(name = "AuditPage")
public record AuditPage(
        @Schema(description = "Entries on this page, newest first") List<AuditEventView> items,
        @Schema(description = "Relative URL of the next (older) page, with the same filters and limit; null on the last page",
                nullable = true, example = "/v1/audit?accountId=0b9f3c8e-5d0e-4f5e-9d3a-6c1f2b7a8e90&limit=50&cursor=AQAGKpm6DGAAAAAAAAAAAAE")
        String next) {
}
