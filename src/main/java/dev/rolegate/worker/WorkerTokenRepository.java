package dev.rolegate.worker;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Queries on {@link WorkerToken}; a project only ever sees its own tokens. */
@ApplicationScoped
public class WorkerTokenRepository implements PanacheRepositoryBase<WorkerToken, UUID> {

    public Optional<WorkerToken> findInProject(String projectId, UUID id) {
        return find("projectId = :project and id = :id", Parameters.with("project", projectId).and("id", id)).firstResultOptional();
    }

    /** The token with this SHA-256, if any; the caller still compares the hash in constant time. */
    public Optional<WorkerToken> findByHash(byte[] tokenHash) {
        return find("tokenHash", (Object) tokenHash).firstResultOptional();
    }

    public List<WorkerToken> listInProject(String projectId) {
        return list("projectId", Sort.by("createdAt").and("id"), projectId);
    }

    public boolean liveNameTaken(String projectId, String name) {
        return count("projectId = :project and name = :name and revokedAt is null", Parameters.with("project", projectId).and("name", name)) > 0;
    }

    /** Sets last_used_at unless it is already at or after {@code notBefore}; returns whether a row changed. */
    public boolean touch(UUID id, Instant now, Instant notBefore) {
        return update("lastUsedAt = :now where id = :id and (lastUsedAt is null or lastUsedAt < :notBefore)",
                Parameters.with("now", now).and("id", id).and("notBefore", notBefore)) > 0;
    }
}
