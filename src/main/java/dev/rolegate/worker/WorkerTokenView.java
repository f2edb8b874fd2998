package dev.rolegate.worker;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A worker token as the API shows it: never the token, never its hash. */
@Schema(name = "WorkerToken")
public record WorkerTokenView(
        @Schema(description = "The token's id; grants name a worker token by this id") UUID id,
        @Schema(description = "The project the token belongs to; it is never accepted for another project", example = "acme-shop") String projectId,
        @Schema(description = "Name to recognise the token by", example = "ci-deployer") String name,
        @Schema(description = "ACTIVE, EXPIRED or REVOKED, as of this response") WorkerTokenStatus status,
        @Schema(description = "When the token was created") Instant createdAt,
        @Schema(description = "When the token stops being accepted; absent if it never expires") Instant expiresAt,
        @Schema(description = "When the token was revoked; absent if it was not") Instant revokedAt,
        @Schema(description = "When the token was last accepted, to within about a minute; absent if never used") Instant lastUsedAt) {

    static WorkerTokenView of(WorkerToken token, Instant now) {
        WorkerTokenStatus status = token.isRevoked() ? WorkerTokenStatus.REVOKED
                : token.isExpiredAt(now) ? WorkerTokenStatus.EXPIRED : WorkerTokenStatus.ACTIVE;
        return new WorkerTokenView(token.id(), token.projectId(), token.name(), status, token.createdAt(), token.expiresAt(),
                token.revokedAt(), token.lastUsedAt());
    }
}
