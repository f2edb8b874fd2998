package dev.rolegate.worker;

import java.util.Objects;
import java.util.UUID;

/**
 * An authenticated worker. Holds no secret, so it may be logged and audited as it is.
 *
 * @param kind      how the worker authenticated
 * @param identity  "system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;", or the worker token's id
 * @param projectId the project a worker token belongs to; null for service accounts, which grants tie to projects
 * @param tokenId   the worker token's id; null for service accounts
 */
public record WorkerIdentity(IdentityKind kind, String identity, String projectId, UUID tokenId) {

    public WorkerIdentity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(identity, "identity");
        if (kind == IdentityKind.WORKER_TOKEN && (projectId == null || tokenId == null)) {
            throw new IllegalArgumentException("a worker token identity needs its project and token id");
        }
    }

    public static WorkerIdentity serviceAccount(String subject) {
        return new WorkerIdentity(IdentityKind.SERVICE_ACCOUNT, subject, null, null);
    }

    public static WorkerIdentity workerToken(UUID tokenId, String projectId) {
        return new WorkerIdentity(IdentityKind.WORKER_TOKEN, tokenId.toString(), projectId, tokenId);
    }
}
