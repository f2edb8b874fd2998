package dev.rolegate.grant;

import dev.rolegate.worker.IdentityKind;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Grants an identity access to a project's accounts. */
@Schema(name = "CreateGrantRequest")
public record GrantRequest(
        @Schema(description = "SERVICE_ACCOUNT (a Kubernetes service account) or WORKER_TOKEN (a worker token of this project)", required = true)
        @NotNull IdentityKind identityKind,
        @Schema(description = "For SERVICE_ACCOUNT: system:serviceaccount:<namespace>:<name> for the home cluster, cluster:<cluster>:system:serviceaccount:<namespace>:<name> for another trusted cluster. For WORKER_TOKEN: the token's id (never the token).",
                example = "system:serviceaccount:deploy:terraform-runner", required = true)
        @NotBlank @Size(max = 400) String identity,
        @Schema(description = "The project's accounts the identity may receive credentials for (1-100 ids). Omitted: every account of the project, "
                + "including accounts added later.")
        @Size(min = 1, max = 100, message = "must list 1-100 account ids; omit it to grant every account of the project") List<@NotNull UUID> accountIds) {
}
