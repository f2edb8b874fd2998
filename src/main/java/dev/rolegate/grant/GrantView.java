package dev.rolegate.grant;

import dev.rolegate.worker.IdentityKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A grant as the API shows it. */
@Schema(name = "Grant")
public record GrantView(
        @Schema(description = "The grant's id") UUID id,
        @Schema(description = "The project whose accounts the grant opens", example = "acme-shop") String projectId,
        @Schema(description = "SERVICE_ACCOUNT or WORKER_TOKEN") IdentityKind identityKind,
        @Schema(description = "The service account (system:serviceaccount:<namespace>:<name>) or the worker token's id",
                example = "system:serviceaccount:deploy:terraform-runner") String identity,
        @Schema(description = "True when the grant covers every account of the project, including accounts added later") boolean allAccounts,
        @Schema(description = "The granted accounts; absent when allAccounts is true") List<UUID> accountIds,
        @Schema(description = "When the grant was created") Instant createdAt) {

    static GrantView of(Grant grant) {
        return new GrantView(grant.id(), grant.projectId(), grant.identityKind(), grant.identity(), grant.coversAllAccounts(),
                grant.accountIds(), grant.createdAt());
    }
}
