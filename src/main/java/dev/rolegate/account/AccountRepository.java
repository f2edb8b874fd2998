package dev.rolegate.account;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Queries on {@link AwsAccount}; a project only ever sees its own accounts. */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<AwsAccount, UUID> {

    private static final Sort CREATION_ORDER = Sort.by("createdAt").and("id");

    public Optional<AwsAccount> findInProject(String projectId, UUID id) {
        return find("projectId = :project and id = :id", Parameters.with("project", projectId).and("id", id)).firstResultOptional();
    }

    /** The live (not disconnected) account of a project with this name. */
    public Optional<AwsAccount> findLiveByName(String projectId, String name) {
        return find("projectId = :project and name = :name and status <> :disconnected",
                Parameters.with("project", projectId).and("name", name).and("disconnected", AccountStatus.DISCONNECTED)).firstResultOptional();
    }

    public boolean liveNameTaken(String projectId, String name, UUID exceptId) {
        return count("projectId = :project and name = :name and status <> :disconnected and id <> :except",
                Parameters.with("project", projectId).and("name", name)
                        .and("disconnected", AccountStatus.DISCONNECTED).and("except", exceptId)) > 0;
    }

    /** Accounts of a project in creation order; without a status filter, disconnected ones are left out. */
    public Slice page(String projectId, Optional<AccountStatus> status, int pageIndex, int pageSize) {
        PanacheQuery<AwsAccount> query = status
                .map(s -> find("projectId = :project and status = :status", CREATION_ORDER, Parameters.with("project", projectId).and("status", s)))
                .orElseGet(() -> find("projectId = :project and status <> :disconnected", CREATION_ORDER,
                        Parameters.with("project", projectId).and("disconnected", AccountStatus.DISCONNECTED)));
        query.page(Page.of(pageIndex, pageSize));
        return new Slice(query.list(), query.count());
    }

    /** One page of accounts and the total across pages. */
    public record Slice(List<AwsAccount> items, long total) {
    }
}
