package dev.rolegate.audit;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stored audit entry as the query API shows it. */
@Schema(name = "AuditEvent")
public record AuditEventView(
        @Schema(description = "Position in the audit log; later entries of equal time have higher ids") long id,
        @Schema(description = "When it happened") Instant occurredAt,
        @Schema(description = "Who did it: a Kubernetes service account, a worker token or the portal", example = "system:serviceaccount:deploy:runner") String actor,
        @Schema(description = "What was done") AuditAction action,
        @Schema(description = "The project concerned; null if none") String projectId,
        @Schema(description = "rolegate's id of the AWS account concerned; null if none") UUID accountId,
        @Schema(description = "Session scope of issued credentials: empty for the role's own permissions, else the policy hash; null if none") String scopeHash,
        @Schema(description = "Access key id of issued credentials (never the secret or token); null if none", example = "ASIAEXAMPLEKEYID0001") String accessKeyId,
        @Schema(description = "When the issued credentials expire; null if none") Instant expiration,
        @Schema(description = "The caller's network address; null if unknown") String clientAddress,
        @Schema(description = "The request's correlation id; null if unknown") String requestId,
        @Schema(description = "What changed, in words; null if nothing to add") String detail,
        @Schema(description = "This entry's position, opaque: pass it as `cursor` to list the entries before it, or as `after` to export those after it",
                example = "AQAGKpm6DGAAAAAAAAAAAAE") String cursor) {

    /** The entry as stored, with its position. */
    static AuditEventView of(long id, Instant occurredAt, String actor, AuditAction action, String projectId, UUID accountId, String scopeHash,
            String accessKeyId, Instant expiration, String clientAddress, String requestId, String detail) {
        return new AuditEventView(id, occurredAt, actor, action, projectId, accountId, scopeHash, accessKeyId, expiration, clientAddress,
                requestId, detail, new AuditCursor(occurredAt, id).encode());
    }

    AuditCursor position() {
        return new AuditCursor(occurredAt, id);
    }
}
