package dev.rolegate.grant;

import dev.rolegate.worker.IdentityKind;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Queries on {@link Grant}, and the few account facts grants are checked against. */
@ApplicationScoped
public class GrantRepository implements PanacheRepositoryBase<Grant, UUID> {

    public Optional<Grant> findInProject(String projectId, UUID id) {
        return find("projectId = :project and id = :id", Parameters.with("project", projectId).and("id", id)).firstResultOptional();
    }

    public List<Grant> listInProject(String projectId) {
        return list("projectId", Sort.by("createdAt").and("id"), projectId);
    }

    /** The grant of this identity in this project, if any; there is at most one. */
    public Optional<Grant> findFor(String projectId, IdentityKind kind, String identity) {
        return find("projectId = :project and identityKind = :kind and identity = :identity",
                Parameters.with("project", projectId).and("kind", kind).and("identity", identity)).firstResultOptional();
    }

    /** Those of {@code accountIds} that are accounts of the project. */
    public Set<UUID> accountsOfProject(String projectId, Collection<UUID> accountIds) {
        return new HashSet<>(getEntityManager()
                .createQuery("select a.id from AwsAccount a where a.projectId = :project and a.id in :ids", UUID.class)
                .setParameter("project", projectId)
                .setParameter("ids", accountIds)
                .getResultList());
    }
}
